"""The API's OpenAPI 3.1 description, made from its URL patterns: an address added to
opendata/urls.py is described here, or the test of this description fails."""

import re

from django.http import HttpRequest
from django.urls import get_resolver

from casework.models import Municipality

# What each address gives, by its URL name.
SUMMARIES = {
    "system": "Systemet (OParl System): ingången till allt annat.",
    "openapi": "Den här beskrivningen (OpenAPI 3.1).",
    "body_list": "Kommunen, som en lista med ett objekt (OParl Body).",
    "body": "Kommunen (OParl Body); id 1.",
    "organization_list": "Organen: fullmäktige, styrelse, nämnder, förvaltningar (OParl Organization).",
    "person_list": "Förtroendevalda och andra personer i registret, med uppdrag (OParl Person).",
    "membership_list": "Uppdragen i organen (OParl Membership).",
    "meeting_list": "Sammanträdena med föredragningslistor (OParl Meeting).",
    "agendaitem_list": "Punkterna och paragraferna (OParl AgendaItem).",
    "paper_list": "Ärendena med remisser, beslut, reservationer och ettårsgräns (OParl Paper).",
    "file_list": "De offentliga handlingarnas filer (OParl File); sekretess visas aldrig.",
    "legislativeterm_list": "Mandatperioderna (OParl LegislativeTerm).",
    "organization": "Ett organ.",
    "organization_meeting_list": "Ett organs sammanträden (OParl Organization.meeting).",
    "person": "En person med sina uppdrag.",
    "membership": "Ett uppdrag.",
    "meeting": "Ett sammanträde med föredragningslistan, kallelsen och det justerade protokollet.",
    "agendaitem": "En punkt på föredragningslistan, med beslutet när det är fattat.",
    "paper": "Ett ärende.",
    "consultation": "En remiss (remiss-<id>) eller ett beslut med reservationer (beslut-<id>).",
    "file": "En handlings fil (<id>), ett sammanträdes kallelse (kallelse-<id>) eller protokoll (protokoll-<id>).",
    "legislativeterm": "En mandatperiod, efter valåret.",
}

LIST_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1},
        "description": "Sidan, från 1.",
    },
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200},
        "description": "Objekt per sida (50 om inget anges).",
    },
    {
        "name": "modified_since",
        "in": "query",
        "schema": {"type": "string", "format": "date-time"},
        "description": "Bara objekt ändrade vid eller efter tidpunkten.",
    },
    {
        "name": "modified_until",
        "in": "query",
        "schema": {"type": "string", "format": "date-time"},
        "description": "Bara objekt ändrade vid eller före tidpunkten.",
    },
]


def routes() -> list[tuple[str, str]]:
    """(OpenAPI path, URL name) of every address of the API."""
    prefix, resolver = get_resolver().namespace_dict["oparl"]
    found = []
    for pattern in resolver.url_patterns:
        path = "/" + prefix + str(pattern.pattern)
        found.append((re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path), pattern.name))
    return found


def operation(path: str, name: str) -> dict:
    parameters = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in re.findall(r"{(\w+)}", path)
    ]
    if name.endswith("_list"):
        parameters += LIST_PARAMETERS
    return {
        "get": {
            "operationId": name,
            "summary": SUMMARIES[name],
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "Objektet eller listan som JSON.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "304": {"description": "Oförändrat sedan den ETag som skickades i If-None-Match."},
                "400": {"description": "Ogiltig parameter; svaret säger vilken."},
                "404": {"description": "Finns inte."},
            },
        }
    }


def description(request: HttpRequest) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{Municipality.current().name}: öppna data (OParl 1.1)",
            "version": "1.1",
            "description": (
                "Ärenden, remisser, sammanträden, beslut, reservationer och offentliga handlingar "
                "enligt OParl 1.1. Egna fält utan motsvarighet i OParl har prefixet 'arende:'. "
                "Alla svar har ETag och får läsas från andra webbplatser (CORS)."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {path: operation(path, name) for path, name in routes()},
    }
