"""The kinds of case this app handles. All three are raised in KF or KS, referred, prepared and
answered by KS's document through the municipality's decision chain."""

from casework.kinds import register_case_kind

MOTION = register_case_kind("motion", "motion")
CITIZEN_PROPOSAL = register_case_kind("medborgarforslag", "medborgarförslag")
SKRIVELSE = register_case_kind("skrivelse", "skrivelse")

# Who raises each kind: members of KF (motion), a resident (medborgarförslag, KL 8 kap. 1 §),
# or members or a party group writing to KS (skrivelse).
RAISED_BY_MEMBERS = {MOTION, SKRIVELSE}

DEFINITE = {MOTION: "motionen", CITIZEN_PROPOSAL: "medborgarförslaget", SKRIVELSE: "skrivelsen"}
