"""A SAML 2.0 identity provider for the tests, in a process of its own: pysaml2's IdP
(saml2.server.Server), the way Sweden Connect answers a service provider. Its "e-legitimation"
is a form asking for a personal identity number; the assertion it signs carries it as
urn:oid:1.2.752.29.4.13. It answers over HTTP Redirect (requests, logout) and HTTP POST (the
response to the service provider), and lists the logouts it received at /logouts.

    python saml_idp.py CONFIG.json   # {"port", "key_file", "cert_file", "sp_metadata"}
"""

import html
import json
import sys
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import saml2
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT
from saml2.server import Server

PERSONAL_IDENTITY_NUMBER = "urn:oid:1.2.752.29.4.13"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


def make_idp(settings: dict) -> Server:
    """The IdP; without "sp_metadata" only to write its own metadata (metadata_xml)."""
    base = f"http://127.0.0.1:{settings['port']}"
    config = IdPConfig()
    known_sp = (
        {"metadata": {"local": [settings["sp_metadata"]]}} if "sp_metadata" in settings else {}
    )
    config.load(
        {
            **known_sp,
            "entityid": f"{base}/metadata",
            "service": {
                "idp": {
                    "name": "Test-IdP (e-legitimation)",
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso", saml2.BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{base}/slo", saml2.BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                    "want_authn_requests_signed": True,
                    "policy": {
                        "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                    },
                }
            },
            "key_file": settings["key_file"],
            "cert_file": settings["cert_file"],
        }
    )
    return Server(config=config)


def metadata_xml(idp: Server) -> str:
    return str(entity_descriptor(idp.config))


def page(start_response, body: str, status: str = "200 OK", headers=()):
    start_response(status, [("Content-Type", "text/html; charset=utf-8"), *headers])
    return [body.encode()]


def application(idp: Server, logouts: list):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()
            }
        else:
            form = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "text/xml")])
            return [metadata_xml(idp).encode()]
        if path == "/logouts":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(logouts).encode()]
        if path == "/sso":  # the service provider's AuthnRequest: ask who signs in
            idp.parse_authn_request(
                form["SAMLRequest"],
                saml2.BINDING_HTTP_REDIRECT,
                relay_state=form.get("RelayState"),
                sigalg=form.get("SigAlg"),
                signature=form.get("Signature"),
            )  # refuses an unsigned or wrongly signed request
            hidden = "".join(
                f'<input type="hidden" name="{k}" value="{html.escape(form[k])}">'
                for k in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
                if k in form
            )
            return page(
                start_response,
                '<!DOCTYPE html><html lang="sv"><head><title>Test-IdP</title></head><body><main>'
                '<h1>Legitimera dig</h1><form method="post" action="/sso/legitimera">'
                f'{hidden}<label for="pnr">Personnummer</label> <input id="pnr" name="pnr">'
                '<button type="submit">Legitimera</button></form></main></body></html>',
            )
        if path == "/sso/legitimera":  # signed in: the signed assertion, posted to the SP
            request = idp.parse_authn_request(
                form["SAMLRequest"],
                saml2.BINDING_HTTP_REDIRECT,
                relay_state=form.get("RelayState"),
                sigalg=form.get("SigAlg"),
                signature=form.get("Signature"),
            )
            args = idp.response_args(request.message, [saml2.BINDING_HTTP_POST])
            response = idp.create_authn_response(
                identity={PERSONAL_IDENTITY_NUMBER: [form["pnr"]]},
                userid=form["pnr"],
                authn={"class_ref": LOA3, "authn_auth": idp.config.entityid},
                sign_assertion=True,
                **{k: args[k] for k in ("in_response_to", "destination", "sp_entity_id")},
                name_id_policy=args["name_id_policy"],
            )
            http = idp.apply_binding(
                saml2.BINDING_HTTP_POST,
                str(response),
                args["destination"],
                form.get("RelayState", ""),
                response=True,
            )
            return page(start_response, http["data"])
        if path == "/slo":  # the service provider's LogoutRequest: end the session, answer
            request = idp.parse_logout_request(
                form["SAMLRequest"],
                saml2.BINDING_HTTP_REDIRECT,
                relay_state=form.get("RelayState"),
                sigalg=form.get("SigAlg"),
                signature=form.get("Signature"),
            )
            logouts.append(request.message.name_id.text)
            response = idp.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
            args = idp.response_args(request.message, [saml2.BINDING_HTTP_REDIRECT])
            http = idp.apply_binding(
                saml2.BINDING_HTTP_REDIRECT,
                str(response),
                args["destination"],
                form.get("RelayState", ""),
                response=True,
            )
            return page(start_response, "", "302 Found", http["headers"])
        return page(start_response, "Finns inte", "404 Not Found")

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        settings = json.load(f)
    server = make_server(
        "127.0.0.1",
        settings["port"],
        application(make_idp(settings), []),
        handler_class=QuietHandler,
    )
    server.serve_forever()
