"""python manage.py send_digests: send the day's digests now, as the background worker does
every minute (at most one a day to each address)."""

from django.core.management.base import BaseCommand

from follows.services import digests_send


class Command(BaseCommand):
    help = "Skickar dagens sammanställningar till dem som följer något och har något nytt."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"Skickade {len(sent)} sammanställningar.")
