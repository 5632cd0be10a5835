"""A closed case as an E-ARK SIP (the EU eArchiving Common Specification for Information Packages,
CSIP 2.1, with its SIP profile), for delivery to the archive authority.

The package, one folder in a zip:

    <id>/METS.xml                               the package: what is in it, with checksums
    <id>/metadata/descriptive/arende.xml        the case as the register holds it
    <id>/metadata/preservation/premis.xml       each file's fixity (SHA-256), size and format
    <id>/representations/rep1/METS.xml          the representation's files, with checksums
    <id>/representations/rep1/data/…            every registered document's file, each justerat
                                                protokoll the case was decided in

The archive receives the whole record: a secret document is included, its secrecy provision
(OSL) given in the metadata as a restriction on access; a draft statement, which is not a
public record, and an author who never confirmed are not. Cancelled documents are kept and
marked, as they are in the diarium.
"""

import datetime
import hashlib
import io
import mimetypes
import uuid
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree as ET

from django.utils import timezone

from casework.models import Case, Document, Municipality

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
OWN = "urn:motionsarenden:arende:1"
for prefix, uri in [
    ("mets", METS),
    ("xlink", XLINK),
    ("xsi", XSI),
    ("csip", CSIP),
    ("sip", SIP),
    ("premis", PREMIS),
    ("arende", OWN),
]:
    ET.register_namespace(prefix, uri)

SOFTWARE = "Motionsärenden"
CONTENT_TYPE = {
    f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
    f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE": "Kommunalt ärende",
}
SCHEMAS = Path(__file__).parent / "schemas"  # METS, XLink and the E-ARK extensions, as published
DOCUMENTATION = """Arkivpaket (E-ARK SIP) för ett ärende ur diariet.

metadata/descriptive/arende.xml  ärendet: diarienummer, ärendemening, remisser, beslut med
                                 reservationer och särskilda uttalanden, handlingar
metadata/preservation/premis.xml varje fils kontrollsumma (SHA-256), storlek och format
representations/rep1/data/       de registrerade handlingarnas filer och justerade protokoll

Handlingar med sekretess ingår; bestämmelsen (OSL) står i arende.xml som begränsning av
åtkomsten. Makulerade handlingar ingår och är markerade.
"""


@dataclass
class Entry:
    """A file of the package: its path inside the package folder and its bytes."""

    path: str
    content: bytes
    mimetype: str
    created: datetime.datetime

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def sub(parent, namespace: str, name: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, q(namespace, name), {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- What the case holds ---------------------------------------------------------------------


def data_files(case: Case, now: datetime.datetime) -> list[tuple[Entry, Document | None]]:
    """Every registered document's file (secret and cancelled ones too), and each justerat
    protokoll of a meeting that decided in the case."""
    files = []
    for document in case.documents.order_by("number"):
        if document.file:
            extension = document.file.name.rsplit(".", 1)[-1]
            name = f"representations/rep1/data/{case.slug}-{document.number}.{extension}"
            mimetype = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
            files.append((Entry(name, document.read_verified(), mimetype, now), document))
    for decision in case.decisions.select_related("meeting__protocol", "meeting__body"):
        protocol = getattr(decision.meeting, "protocol", None)
        if protocol is not None:
            name = f"representations/rep1/data/protokoll-{decision.meeting.body.pk}-{decision.meeting.date:%Y%m%d}.pdf"
            files.append((Entry(name, bytes(protocol.pdf), "application/pdf", now), None))
    return files


def descriptive(case: Case, files: list[tuple[Entry, Document | None]]) -> bytes:
    """The case as the register holds it: its facts, referrals, decisions with the submitted
    reservations and statements, its event log, and its documents with any secrecy."""
    root = ET.Element(q(OWN, "arende"))
    motion = getattr(case, "motion", None)
    for name, value in [
        ("diarienummer", case.dnr),
        ("arendemening", case.title),
        ("arendetyp", case.get_kind_display()),
        ("registrerat", case.registered_on.isoformat()),
        ("status", case.get_status_display()),
        ("kommun", Municipality.current().name),
    ]:
        sub(root, OWN, name, value)
    if motion is not None:
        sub(root, OWN, "vackt", motion.filed_on.isoformat())
        sub(root, OWN, "vacktAv", motion.movers_display)
        if motion.outcome:
            sub(root, OWN, "utfall", motion.get_outcome_display())
    referrals = sub(root, OWN, "remisser")
    for referral in case.referrals.select_related("body"):
        sub(
            referrals,
            OWN,
            "remiss",
            referral.body.name,
            skickad=referral.sent_on.isoformat(),
            svarsdatum=referral.due_on.isoformat(),
            status=referral.get_state_display(),
        )
    decisions = sub(root, OWN, "beslut")
    for decision in case.decisions.select_related("meeting__body"):
        element = sub(
            decisions,
            OWN,
            "beslut",
            organ=decision.meeting.body.name,
            datum=decision.meeting.date.isoformat(),
        )
        for item in decision.items:
            sub(element, OWN, "attSats", item)
        for statement in decision.statements.submitted().prefetch_related("authorships__person"):
            sub(
                element,
                OWN,
                "uttalande",
                statement.text,
                typ=statement.get_kind_display(),
                rubrik=statement.heading,
            )
    events = sub(root, OWN, "handelser")  # the case's log, as the register kept it
    for event in case.events.order_by("at", "pk"):
        sub(
            events,
            OWN,
            "handelse",
            event.note,
            tidpunkt=stamp(event.at),
            fran=event.from_status,
            till=event.to_status,
        )
    documents = sub(root, OWN, "handlingar")
    paths = {document.pk: entry.path for entry, document in files if document}
    for document in case.documents.order_by("number"):
        element = sub(
            documents,
            OWN,
            "handling",
            document.title,
            diarienummer=document.dnr,
            datum=document.dated.isoformat(),
            riktning=document.get_direction_display(),
        )
        if document.pk in paths:
            element.set("fil", paths[document.pk])
        if document.is_secret:
            element.set("sekretess", document.secrecy_provision)
        if document.cancelled_at:
            element.set("makulerad", stamp(document.cancelled_at))
    return xml(root)


def premis(entries: list[Entry], now: datetime.datetime) -> bytes:
    root = ET.Element(q(PREMIS, "premis"), {"version": "3.0"})
    for n, entry in enumerate(entries, start=1):
        obj = sub(root, PREMIS, "object", **{q(XSI, "type"): "premis:file"})
        identifier = sub(obj, PREMIS, "objectIdentifier")
        sub(identifier, PREMIS, "objectIdentifierType", "local")
        sub(identifier, PREMIS, "objectIdentifierValue", f"fil-{n}")
        characteristics = sub(obj, PREMIS, "objectCharacteristics")
        fixity = sub(characteristics, PREMIS, "fixity")
        sub(fixity, PREMIS, "messageDigestAlgorithm", "SHA-256")
        sub(fixity, PREMIS, "messageDigest", entry.sha256)
        sub(characteristics, PREMIS, "size", len(entry.content))
        designation = sub(sub(characteristics, PREMIS, "format"), PREMIS, "formatDesignation")
        sub(designation, PREMIS, "formatName", entry.mimetype)
        sub(obj, PREMIS, "originalName", entry.path)
    event = sub(root, PREMIS, "event")
    identifier = sub(event, PREMIS, "eventIdentifier")
    sub(identifier, PREMIS, "eventIdentifierType", "local")
    sub(identifier, PREMIS, "eventIdentifierValue", "skapad")
    sub(event, PREMIS, "eventType", "creation")
    sub(event, PREMIS, "eventDateTime", stamp(now))
    agent = sub(root, PREMIS, "agent")
    identifier = sub(agent, PREMIS, "agentIdentifier")
    sub(identifier, PREMIS, "agentIdentifierType", "local")
    sub(identifier, PREMIS, "agentIdentifierValue", SOFTWARE)
    sub(agent, PREMIS, "agentName", SOFTWARE)
    sub(agent, PREMIS, "agentType", "software")
    return xml(root)


# --- METS ------------------------------------------------------------------------------------


def mets_root(object_id: str, label: str, now: datetime.datetime, *, package: bool):
    profile = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    root = ET.Element(
        q(METS, "mets"),
        {
            "OBJID": object_id,
            "LABEL": label,
            "TYPE": "Other",
            q(CSIP, "OTHERTYPE"): "Ärende",
            **CONTENT_TYPE,
            "PROFILE": profile,
        },
    )
    header = sub(
        root,
        METS,
        "metsHdr",
        CREATEDATE=stamp(now),
        RECORDSTATUS="NEW",
        **{q(CSIP, "OAISPACKAGETYPE"): "SIP"},
    )
    software = sub(header, METS, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    sub(software, METS, "name", SOFTWARE)
    sub(software, METS, "note", "1.0", **{q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"})
    if package:  # the submitter: the municipality
        agent = sub(header, METS, "agent", ROLE="OTHER", OTHERROLE="SUBMITTER", TYPE="ORGANIZATION")
        sub(agent, METS, "name", Municipality.current().name)
    return root


def described(entry: Entry) -> dict:
    """What METS says of a file: its type, size, time and SHA-256."""
    return {
        "MIMETYPE": entry.mimetype,
        "SIZE": len(entry.content),
        "CREATED": stamp(entry.created),
        "CHECKSUM": entry.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def located(href: str) -> dict:
    return {"LOCTYPE": "URL", q(XLINK, "type"): "simple", q(XLINK, "href"): href}


def add_file(group, entry: Entry, href: str, ident: str) -> None:
    sub(sub(group, METS, "file", ID=ident, **described(entry)), METS, "FLocat", **located(href))


def md_ref(parent, entry: Entry, ident: str, mdtype: str, **other) -> None:
    section = sub(
        parent,
        METS,
        "digiprovMD" if mdtype == "PREMIS" else "dmdSec",
        ID=ident,
        CREATED=stamp(entry.created),
        STATUS="CURRENT",
    )
    sub(section, METS, "mdRef", MDTYPE=mdtype, **other, **described(entry), **located(entry.path))


def representation_mets(object_id: str, data: list[Entry], now) -> bytes:
    root = mets_root(f"{object_id}-rep1", "rep1", now, package=False)
    file_sec = sub(root, METS, "fileSec", ID="filesec-rep1")
    group = sub(file_sec, METS, "fileGrp", ID="grp-data", USE="Data")
    for n, entry in enumerate(data, start=1):
        add_file(group, entry, entry.path.removeprefix("representations/rep1/"), f"fil-{n}")
    struct = sub(root, METS, "structMap", TYPE="PHYSICAL", LABEL="CSIP", ID="structmap-rep1")
    top = sub(struct, METS, "div", ID="div-rep1", LABEL="rep1")
    data_div = sub(top, METS, "div", ID="div-data", LABEL="Data")
    sub(data_div, METS, "fptr", FILEID="grp-data")
    return xml(root)


def package_mets(object_id: str, label: str, dmd: Entry, prem: Entry, groups: dict, now) -> bytes:
    """The package's METS: its metadata, and its documentation, schemas and representation
    (`groups`: the files of each, by the file group's USE)."""
    root = mets_root(object_id, label, now, package=True)
    md_ref(root, dmd, "dmd-arende", "OTHER", OTHERMDTYPE="Motionsarenden")
    md_ref(sub(root, METS, "amdSec"), prem, "premis-1", "PREMIS")
    file_sec = sub(root, METS, "fileSec", ID="filesec-1")
    struct = sub(root, METS, "structMap", TYPE="PHYSICAL", LABEL="CSIP", ID="structmap-1")
    top = sub(struct, METS, "div", ID="div-root", LABEL=object_id)
    sub(top, METS, "div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-arende", ADMID="premis-1")
    for n, (use, entries) in enumerate(groups.items(), start=1):
        group = sub(file_sec, METS, "fileGrp", ID=f"grp-{n}", USE=use, **CONTENT_TYPE)
        for m, entry in enumerate(entries, start=1):
            add_file(group, entry, entry.path, f"fil-{n}-{m}")
        if use.startswith("Representations/"):
            outer = sub(top, METS, "div", ID="div-representations", LABEL="Representations")
            sub(outer, METS, "fptr", FILEID=f"grp-{n}")
            div = sub(outer, METS, "div", ID=f"div-{n}", LABEL=use)
            sub(div, METS, "mptr", **located(entries[0].path), **{q(XLINK, "title"): f"grp-{n}"})
        else:
            sub(sub(top, METS, "div", ID=f"div-{n}", LABEL=use), METS, "fptr", FILEID=f"grp-{n}")
    return xml(root)


def case_package(case: Case, now: datetime.datetime | None = None) -> tuple[str, bytes]:
    """The case's SIP as a zip: (its file name, its bytes)."""
    now = now or timezone.now()
    object_id = (
        f"uuid-{uuid.uuid5(uuid.NAMESPACE_URL, f'{Municipality.current().name}/{case.dnr}')}"
    )
    files = data_files(case, now)
    data = [entry for entry, _ in files]
    dmd = Entry("metadata/descriptive/arende.xml", descriptive(case, files), "text/xml", now)
    prem = Entry("metadata/preservation/premis.xml", premis(data, now), "text/xml", now)
    rep = Entry(
        "representations/rep1/METS.xml", representation_mets(object_id, data, now), "text/xml", now
    )
    groups = {
        "Documentation": [
            Entry("documentation/om-paketet.txt", DOCUMENTATION.encode(), "text/plain", now)
        ],
        "Schemas": [
            Entry(f"schemas/{p.name}", p.read_bytes(), "text/xml", now)
            for p in sorted(SCHEMAS.glob("*.xsd"))
        ],
        "Representations/rep1": [rep],
    }
    label = f"{case.dnr} {case.title}"
    root = Entry(
        "METS.xml", package_mets(object_id, label, dmd, prem, groups, now), "text/xml", now
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in [root, dmd, prem, *groups["Documentation"], *groups["Schemas"], rep, *data]:
            archive.writestr(f"{object_id}/{entry.path}", entry.content)
    return f"{case.slug}.zip", buffer.getvalue()


def verify(folder: Path) -> list[str]:
    """Every file the package's METS documents name is there with the SHA-256 they give;
    what differs, in Swedish. (The root METS itself is checked by the package's SHA-256.)"""
    problems = []
    for mets in [folder / "METS.xml", *sorted(folder.glob("representations/*/METS.xml"))]:
        tree = ET.parse(mets)
        for element in tree.iter():
            if (
                element.tag not in (q(METS, "file"), q(METS, "mdRef"))
                or "CHECKSUM" not in element.attrib
            ):
                continue
            location = (
                element if element.tag == q(METS, "mdRef") else element.find(q(METS, "FLocat"))
            )
            path = mets.parent / location.get(q(XLINK, "href"))
            if not path.is_file():
                problems.append(f"{path.relative_to(folder)} saknas.")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != element.get("CHECKSUM"):
                problems.append(f"{path.relative_to(folder)} stämmer inte med sin SHA-256.")
    return problems
