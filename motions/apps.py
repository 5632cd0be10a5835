from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from casework.kinds import register_decider
        from motions import guards, kinds  # noqa: F401  (registers the kinds and the guards)
        from motions.models import Motion
        from motions.services import (
            motion_decide_at_meeting,
            motion_decided_together,
            motion_proposal,
        )

        register_decider(
            list(kinds.DEFINITE),
            motion_decide_at_meeting,
            Motion.Outcome.choices,
            motion_proposal,
            together=motion_decided_together,
        )
