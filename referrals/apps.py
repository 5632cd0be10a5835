from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Remisser")

    def ready(self):
        from casework import kinds
        from casework.workflow import Status
        from referrals import guards, services

        kinds.register(
            kinds.AppHooks(
                app=self.label,
                guards={Status.REFERRED: (guards.has_a_referral,)},
                agenda_matters=(
                    kinds.AgendaMatter(
                        name="remissvar",
                        label="Remissvar",
                        ready=services.referrals_awaiting_decision,
                        propose=services.referral_propose,
                        decide=services.referral_decide_at_meeting,
                    ),
                ),
                when_cancelled=(services.referral_answer_cancelled,),
            )
        )
