"""What a case raised in KF or KS needs before it may move on (declared in MotionsConfig.ready())."""

from casework.models import Municipality
from casework.workflow import Status
from motions.models import Motion, Utlatande


def has_a_complete_document(case) -> str | None:
    """Into the decision chain only with KS's document complete (its own, or a joint one)."""
    if case.status != Status.IN_PREPARATION or not Motion.objects.filter(case=case).exists():
        return None
    utlatande = Utlatande.answering(case)
    document = Municipality.current().the_document()
    if utlatande is None:
        return f"{document} har inte skrivits ännu."
    missing = utlatande.missing_parts()
    return f"{document} saknar: {', '.join(missing)}." if missing else None


def has_an_outcome(case) -> str | None:
    motion = Motion.objects.filter(case=case).first()
    if motion is not None and not motion.outcome:
        return "Utfallet är inte registrerat."
    return None


def was_reported_to_kf(case) -> str | None:
    """KL 5 kap. 35 §: KF may write off a motion whose preparation it has been told could not be
    finished within the year."""
    motion = Motion.objects.filter(case=case).first()
    if motion is None:
        return None
    if not motion.reported.exists():
        return "Motionen har inte redovisats för fullmäktige enligt ettårsregeln."
    if motion.outcome != Motion.Outcome.WRITTEN_OFF:
        return "Utfallet ”avskriven” är inte registrerat."
    return None
