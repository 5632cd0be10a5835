"""What a motion needs before its case may move on."""

from casework.workflow import Status, register_guard


@register_guard(Status.PROPOSED_BY_KS)
def has_a_proposed_decision(case) -> str | None:
    utlatande = getattr(getattr(case, "motion", None), "utlatande", None)
    if utlatande is None or not utlatande.proposed_items:
        return "Det finns inget utlåtande med förslag till beslut."
    if utlatande.ks_decision_id is None:
        return "Kommunstyrelsens beslut är inte registrerat."
    return None


@register_guard(Status.DECIDED_BY_KF)
def has_an_outcome(case) -> str | None:
    motion = getattr(case, "motion", None)
    if motion is not None and (not motion.outcome or motion.kf_decision_id is None):
        return "Kommunfullmäktiges beslut och utfall är inte registrerade."
    return None


@register_guard(Status.AT_PREPARATORY_COUNCIL)
def has_a_complete_draft(case) -> str | None:
    motion = getattr(case, "motion", None)
    if motion is None:
        return None
    utlatande = getattr(motion, "utlatande", None)
    if utlatande is None:
        return "Utlåtandet är inte skrivet ännu."
    missing = utlatande.missing_parts()
    return f"Utlåtandet saknar: {', '.join(missing)}." if missing else None
