from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from casework import kinds as core
        from casework.workflow import Status
        from motions import guards, kinds, services
        from motions.models import Motion

        core.register(
            core.AppHooks(
                app=self.label,
                case_kinds=tuple(
                    core.CaseKind(
                        kind,
                        kinds.LABELS[kind],
                        decide=services.motion_decide_at_meeting,
                        outcomes=tuple(Motion.Outcome.choices),
                        propose=services.motion_proposal,
                        together=services.motion_decided_together,
                        texts=services.motion_texts,
                    )
                    for kind in kinds.DEFINITE
                ),
                document_kinds=(
                    *(core.DocumentKindSpec(kind, kinds.LABELS[kind]) for kind in kinds.DEFINITE),
                    core.DocumentKindSpec(kinds.UTLATANDE, kinds.UTLATANDE_LABEL, "upprattad"),
                ),
                guards={
                    Status.IN_DECISION: (guards.has_a_complete_document,),
                    Status.DECIDED: (guards.has_an_outcome,),
                    Status.WRITTEN_OFF: (guards.was_reported_to_kf,),
                },
                agenda_matters=(
                    core.AgendaMatter(
                        name="avskrivning",
                        label="Avskrivning enligt ettårsregeln",
                        ready=services.reported_to_council,
                        propose=services.write_off_propose,
                        decide=services.write_off_at_meeting,
                        outcomes=services.WRITE_OFF_OUTCOMES,
                    ),
                ),
                when_justerad=(services.utlatanden_freeze_due,),
                scheduled=(services.utlatanden_freeze_due,),
            )
        )
