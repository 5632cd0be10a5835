from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from casework.kinds import (
            AgendaMatter,
            register_agenda_matter,
            register_decider,
            register_when_justerad,
        )
        from motions import guards, kinds, services  # noqa: F401  (registers the kinds and the guards)
        from motions.models import Motion
        from motions.services import (
            motion_decide_at_meeting,
            motion_decided_together,
            motion_proposal,
        )

        register_agenda_matter(AgendaMatter(
            name="avskrivning", label="Avskrivning enligt ettårsregeln", ready=services.reported_to_council,
            propose=services.write_off_propose, decide=services.write_off_at_meeting,
            outcomes=services.WRITE_OFF_OUTCOMES,
        ))  # fmt: skip
        register_when_justerad(services.utlatanden_freeze_due)
        register_decider(
            list(kinds.DEFINITE),
            motion_decide_at_meeting,
            Motion.Outcome.choices,
            motion_proposal,
            together=motion_decided_together,
        )
