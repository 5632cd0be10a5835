"""What the referrals know that the case workflow needs before a move."""

from casework.workflow import Status, register_guard


@register_guard(Status.REFERRED)
def has_a_referral(case) -> str | None:
    if not case.referrals.exists():
        return "Ärendet har inte remitterats till någon instans ännu."
    return None
