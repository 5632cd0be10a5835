"""The kinds of case this app handles. All three are raised in KF or KS, referred, prepared and
answered by KS's document through the municipality's decision chain. MotionsConfig.ready()
declares them to the core."""

MOTION = "motion"
CITIZEN_PROPOSAL = "medborgarforslag"
SKRIVELSE = "skrivelse"
LABELS = {MOTION: "motion", CITIZEN_PROPOSAL: "medborgarförslag", SKRIVELSE: "skrivelse"}

# The case's own text is registered as document -1 of its kind; KS's document is drawn up here.
UTLATANDE = "utlatande"
UTLATANDE_LABEL = "utlåtande"

# Who raises each kind: members of KF (motion), a resident (medborgarförslag, KL 8 kap. 1 §),
# or members or a party group writing to KS (skrivelse).
RAISED_BY_MEMBERS = {MOTION, SKRIVELSE}

DEFINITE = {MOTION: "motionen", CITIZEN_PROPOSAL: "medborgarförslaget", SKRIVELSE: "skrivelsen"}
