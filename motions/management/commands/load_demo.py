from django.conf import settings
from django.core.management.base import BaseCommand

from motions import demo


class Command(BaseCommand):
    help = "Läser in referensärendet KS 2023/1387 och, med DEBUG på, demokonton. Kan köras flera gånger."

    def handle(self, *args, **options):
        case = demo.load_reference_case()
        self.stdout.write(f"Ärende {case.dnr}: {case.title} ({case.get_status_display()})")
        if not settings.DEBUG:
            self.stderr.write("Demokonton skapades inte: de skapas bara när DEBUG är på.")
            return
        created = demo.create_demo_accounts()
        if created:
            self.stdout.write("Demokonton (lösenord demo): " + ", ".join(created))
