from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Remisser")

    def ready(self):
        from casework.kinds import AgendaMatter, register_agenda_matter
        from referrals import (
            guards,  # noqa: F401  (registers the workflow guards)
            services,
        )

        register_agenda_matter(AgendaMatter(
            name="remissvar", label="Remissvar", ready=services.referrals_awaiting_decision,
            propose=services.referral_propose, decide=services.referral_decide_at_meeting,
        ))  # fmt: skip
