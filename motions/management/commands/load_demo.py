from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from motions import demo
from motions.services import utlatanden_freeze_due


class Command(BaseCommand):
    help = "Läser in referensärendet KS 2023/1387 och, med DEBUG på, demokonton. Kan köras flera gånger."

    def handle(self, *args, **options):
        case = demo.load_reference_case()
        self.stdout.write(f"Ärende {case.dnr}: {case.title} ({case.get_status_display()})")
        for utlatande in utlatanden_freeze_due(at=timezone.now()):
            self.stdout.write(f"Utlåtandet i {utlatande.motion.case.dnr} är fastställt.")
        if not settings.DEBUG:
            self.stderr.write("Demokonton skapades inte: de skapas bara när DEBUG är på.")
            return
        created = demo.create_demo_accounts()
        if created:
            self.stdout.write("Demokonton (lösenord demo): " + ", ".join(created))
