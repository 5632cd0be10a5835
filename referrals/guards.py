"""What the referrals know that the case workflow needs before a move (declared in
ReferralsConfig.ready())."""


def has_a_referral(case) -> str | None:
    if not case.referrals.exists():
        return "Ärendet har inte remitterats till någon instans ännu."
    return None
