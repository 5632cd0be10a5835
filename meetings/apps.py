from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Sammanträden och protokoll")

    def ready(self):
        from casework import kinds

        kinds.register(
            kinds.AppHooks(
                app=self.label,
                planned_here=(_has_an_agenda,),
                stepped_aside=(_recused,),
                scheduled=(_send_reminders,),
            )
        )


def _has_an_agenda(meeting) -> bool:
    """A meeting with an agenda here will have its minutes kept here."""
    return meeting.agenda_items.exists()


def _recused(decision) -> set[int]:
    """Those who declared jäv at the paragraph where the decision was made."""
    from meetings.models import AgendaItem

    return set(
        AgendaItem.recused.through.objects.filter(agendaitem__decision=decision).values_list(
            "person_id", flat=True
        )
    )


def _send_reminders(*, at) -> list:
    """The worker's scheduled run: reminders of justering that have become due."""
    from meetings.services import meeting_send_reminders

    return meeting_send_reminders(now=at)
