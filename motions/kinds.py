"""The kinds of case this app handles. All three are raised in KF or KS, referred, prepared and
answered by KS's document through the municipality's decision chain."""

from casework.kinds import case_kind_label, register_case_kind, register_document_kind

MOTION = register_case_kind("motion", "motion")
CITIZEN_PROPOSAL = register_case_kind("medborgarforslag", "medborgarförslag")
SKRIVELSE = register_case_kind("skrivelse", "skrivelse")

# The case's own text is registered as document -1 of its kind; KS's document is drawn up here.
for _kind in (MOTION, CITIZEN_PROPOSAL, SKRIVELSE):
    register_document_kind(_kind, case_kind_label(_kind))
UTLATANDE = register_document_kind("utlatande", "utlåtande", "upprattad")

# Who raises each kind: members of KF (motion), a resident (medborgarförslag, KL 8 kap. 1 §),
# or members or a party group writing to KS (skrivelse).
RAISED_BY_MEMBERS = {MOTION, SKRIVELSE}

DEFINITE = {MOTION: "motionen", CITIZEN_PROPOSAL: "medborgarförslaget", SKRIVELSE: "skrivelsen"}
