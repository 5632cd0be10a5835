from django.core.management.base import BaseCommand
from django.utils import timezone

from meetings.services import meeting_send_reminders


class Command(BaseCommand):
    help = (
        "Påminner dem som deltog i ett beslut 24 timmar före justeringen. "
        "Körs av cron, t.ex. en gång i kvarten; varje sammanträde påminns bara en gång."
    )

    def handle(self, *args, **options):
        reminded = meeting_send_reminders(now=timezone.now())
        for meeting in reminded:
            self.stdout.write(f"Påminnelse skickad: {meeting}")
        if not reminded:
            self.stdout.write("Inga påminnelser att skicka.")
