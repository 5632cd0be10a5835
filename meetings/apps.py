from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Sammanträden och protokoll")

    def ready(self):
        from casework.models.meetings import register_planned_here, register_stepped_aside

        register_stepped_aside(_recused)
        register_planned_here(lambda meeting: meeting.agenda_items.exists())


def _recused(decision) -> set[int]:
    """Those who declared jäv at the paragraph where the decision was made."""
    from meetings.models import AgendaItem

    return set(AgendaItem.recused.through.objects.filter(
        agendaitem__decision=decision).values_list("person_id", flat=True))  # fmt: skip
