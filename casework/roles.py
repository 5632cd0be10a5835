"""The roles users have, as Django groups, and which steps of the work each role may take."""

REGISTRATOR = "registrator"
HANDLAGGARE = "handläggare"
NAMNDSEKRETERARE = "nämndsekreterare"
POLITIKER = "politiker"
ADMINISTRATOR = "administratör"

# Not a role: an administrator puts users (clerks, say) in this group to require a second factor.
SECOND_FACTOR = "kräver tvåfaktor"

ALL = [REGISTRATOR, HANDLAGGARE, NAMNDSEKRETERARE, POLITIKER, ADMINISTRATOR, SECOND_FACTOR]
CLERKS = {REGISTRATOR, HANDLAGGARE, NAMNDSEKRETERARE, ADMINISTRATOR}

# The steps of a case, and the roles that may take each.
REGISTER = "register"
REFER = "refer"
ANSWER_WRITTEN = "answer_written"
ANSWER_COMMITTEE = "answer_committee"
MOVE = "move"
DRAFT = "draft"
DECIDE = "decide"
WITHDRAW = "withdraw"
DOCUMENT = "document"
MEETING = "meeting"
EDIT_CASE = "edit_case"
ARCHIVE = "archive"

STEP_ROLES: dict[str, set[str]] = {
    REGISTER: {REGISTRATOR, ADMINISTRATOR},
    REFER: {REGISTRATOR, HANDLAGGARE, ADMINISTRATOR},
    ANSWER_WRITTEN: {REGISTRATOR, HANDLAGGARE, ADMINISTRATOR},
    ANSWER_COMMITTEE: {REGISTRATOR, NAMNDSEKRETERARE, ADMINISTRATOR},
    MOVE: {REGISTRATOR, HANDLAGGARE, ADMINISTRATOR},
    DRAFT: {HANDLAGGARE, ADMINISTRATOR},
    DECIDE: {REGISTRATOR, HANDLAGGARE, ADMINISTRATOR},
    WITHDRAW: {REGISTRATOR, ADMINISTRATOR},
    DOCUMENT: {REGISTRATOR, ADMINISTRATOR},
    MEETING: {REGISTRATOR, HANDLAGGARE, NAMNDSEKRETERARE, ADMINISTRATOR},
    EDIT_CASE: {REGISTRATOR, HANDLAGGARE, ADMINISTRATOR},
    ARCHIVE: {REGISTRATOR, ADMINISTRATOR},
}


def role_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def can(user, step: str) -> bool:
    return user.is_authenticated and (
        user.is_superuser or bool(role_names(user) & STEP_ROLES[step])
    )


def needs_second_factor(user) -> bool:
    return user.is_authenticated and SECOND_FACTOR in role_names(user)


def is_clerk(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & CLERKS))
