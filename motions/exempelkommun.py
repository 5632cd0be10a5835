"""Sjöbacka kommun: an invented municipality of the common shape, for trying the product as most of
Sweden's municipalities would use it (`manage.py load_demo --exempelkommun` on an empty database).

No borgarråd and no rotlar: kommunledningsutskottet prepares KS's business, kommunledningskontoret
writes a tjänsteskrivelse, KS proposes to KF, and registry numbers are written year first with a
zero-padded number and the classification code: "2026/KS 0247 107" (after Tyresö kommun's
published minutes; the municipality, its people and its bodies are invented).
"""

import datetime

from django.db import transaction

from casework.models import (
    Body,
    Classification,
    Membership,
    Municipality,
    Registry,
)
from motions import demo, kinds

D = datetime.date
TERM_START, TERM_END = D(2022, 10, 15), D(2026, 10, 14)
NEW_TERM_START = D(2026, 10, 15)

PROFILE = {
    "name": "Sjöbacka kommun",
    "place": "Sjöbacka",
    "dnr_pattern": "{år}/{diarium} {nr:4} {klass}",
    "rapporteur_title": "",
    "document_name": "Tjänsteskrivelse",
    "document_name_definite": "tjänsteskrivelsen",
    "report_name": "tjänsteskrivelse",
    "views_heading": "Kommunledningskontorets bedömning",
    "signatory_title": "Kommunstyrelsens ordförande",
    "citizen_proposals_have_deadline": True,
    "movers_named": 3,  # "Anna Ek, Per Berg, Eva Lund m.fl. (s)"
    "movers_grouped": True,  # "Anna Ek och Per Berg (båda mp)"
    "party_lower_case": True,
    "motion_number_series": True,  # "Motion 2026:4"
    "motion_number_printed": True,
}

# (name, kind, office serving it, name in running text when it is a proper name)
BODIES = [
    ("Kommunfullmäktige", Body.Kind.COUNCIL, None, ""),
    ("Kommunledningskontoret", Body.Kind.OFFICE, None, ""),
    ("Kommunstyrelsen", Body.Kind.EXECUTIVE, "Kommunledningskontoret", ""),
    ("Kommunledningsutskottet", Body.Kind.PREPARATORY, "Kommunledningskontoret", ""),
    ("Barn- och utbildningsförvaltningen", Body.Kind.OFFICE, None, ""),
    ("Barn- och utbildningsnämnden", Body.Kind.COMMITTEE, "Barn- och utbildningsförvaltningen", ""),
    ("Socialförvaltningen", Body.Kind.OFFICE, None, ""),
    ("Socialnämnden", Body.Kind.COMMITTEE, "Socialförvaltningen", ""),
    ("Norra områdesnämnden", Body.Kind.COMMITTEE, None, "Norra områdesnämnden"),
    ("Miljö- och byggnämnden", Body.Kind.COMMITTEE, None, ""),
    ("Kultur- och fritidsnämnden", Body.Kind.COMMITTEE, None, ""),
    ("Sjöbacka Bostäder AB", Body.Kind.COMPANY, None, "Sjöbacka Bostäder AB"),
    ("Trafikverket", Body.Kind.AUTHORITY, None, "Trafikverket"),
]

KF, KS, KLU = "Kommunfullmäktige", "Kommunstyrelsen", "Kommunledningsutskottet"
BUN, NORRA = "Barn- och utbildningsnämnden", "Norra områdesnämnden"
M, C, VC = Membership.Role.MEMBER, Membership.Role.CHAIR, Membership.Role.VICE_CHAIR

# (first name, last name, party, [(body, role)]), for the 2022–2026 term and the next
PEOPLE = [
    ("Anna", "Berg", "M", [(KF, M), (KS, C), (KLU, C)]),
    ("Bengt", "Dahl", "S", [(KF, M), (KS, VC), (KLU, M)]),
    ("Cecilia", "Ek", "C", [(KF, M), (KS, M), (BUN, C)]),
    ("David", "Fors", "V", [(KF, M), (KS, M), (BUN, M), (NORRA, M)]),
    ("Elin", "Gran", "SD", [(KF, M), (NORRA, C)]),
    ("Fredrik", "Holm", "L", [(KF, M), (NORRA, M)]),
    ("Gunilla", "Ivarsson", "KD", [(KF, M), (BUN, M), (NORRA, M)]),
    ("Hassan", "Jama", "S", [(KF, M), (BUN, M), (NORRA, M)]),
]
# After the 2026 election the majority changes: Bengt Dahl chairs KS from 15 October 2026.
NEW_TERM_CHAIR = ("Bengt Dahl", KS)

CLASSIFICATIONS = [
    ("001", "Kommunens styrning och ledning"),
    ("107", "Motioner och medborgarförslag"),
    ("609", "Bostadsförsörjning"),
]

PROPOSAL_CHAIN = [
    (
        KLU,
        "Kommunledningsutskottet föreslår att kommunstyrelsen föreslår kommunfullmäktige "
        "att besluta enligt kommunledningskontorets förslag.",
    ),
    (
        KS,
        "Kommunstyrelsen föreslår kommunfullmäktige att besluta enligt "
        "kommunledningsutskottets förslag.",
    ),
    (KF, ""),
]
CHAINS = {
    kinds.MOTION: PROPOSAL_CHAIN,
    kinds.CITIZEN_PROPOSAL: PROPOSAL_CHAIN,
    kinds.SKRIVELSE: [
        PROPOSAL_CHAIN[0],
        (KS, "Kommunstyrelsen beslutar för egen del enligt kommunledningsutskottets förslag."),
    ],
}


@transaction.atomic
def load_example_municipality() -> dict:
    """The profile, bodies, people, registry, classification and chains. Idempotent."""
    Municipality.objects.update_or_create(pk=1, defaults=PROFILE)
    parties = demo.load_parties()
    bodies = demo.load_bodies(BODIES)
    terms = [(TERM_START, TERM_END), (NEW_TERM_START, None)]
    people = demo.load_people(PEOPLE, parties=parties, bodies=bodies, terms=terms)
    chair, body = NEW_TERM_CHAIR
    Membership.objects.filter(
        person=people[chair], body=bodies[body], starts_on=NEW_TERM_START
    ).update(role=C)
    registry, _ = Registry.objects.get_or_create(
        prefix="KS", defaults={"name": "Kommunstyrelsens diarium", "body": bodies[KS]}
    )
    for code, title in CLASSIFICATIONS:
        Classification.objects.get_or_create(code=code, defaults={"title": title})
    demo.load_chains(CHAINS, bodies)
    return {"bodies": bodies, "people": people, "registry": registry}
