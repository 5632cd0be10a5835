"""The roles users have, as Django groups, and which steps of the work each role may take."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.text import get_text_list

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
IMPORT = "import"  # cases from an earlier diarium

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
    IMPORT: {ADMINISTRATOR},
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


# The session key an identity provider's sign-in sets when the provider itself verified a second
# factor (e-legitimation at LoA3, or an OpenID Connect `amr` of multi-factor): no code asked again.
SECOND_FACTOR_AT_PROVIDER = "second_factor_at_provider"


def needs_second_factor(user) -> bool:
    return user.is_authenticated and SECOND_FACTOR in role_names(user)


def is_clerk(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & CLERKS))


def who_may(step: str) -> str:
    """The roles that take `step`, in Swedish: "en registrator eller en administratör"."""
    return get_text_list([f"en {role}" for role in ALL if role in STEP_ROLES[step]], "eller")


def people_who_may(step: str):
    """The active users whose role takes `step`, to ask (administrators last)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=STEP_ROLES[step] - {ADMINISTRATOR})
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class RoleRefused(PermissionDenied):
    """A step the user's role does not take; the refusal says which roles do."""

    def __init__(self, step: str):
        self.step = step
        super().__init__(f"Det här gör {who_may(step)}.")
