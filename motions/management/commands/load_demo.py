from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from motions import demo
from motions.services import utlatanden_freeze_due


class Command(BaseCommand):
    help = "Läser in referensärendet KS 2023/1387 och, med DEBUG på, demokonton. Kan köras flera gånger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--utan-ovning", action="store_true", dest="no_practice",
            help="Bara referensärendet, utan dagens övningssammanträden för politikerna.",
        )  # fmt: skip

    def handle(self, *args, no_practice: bool = False, **options):
        case = demo.load_reference_case()
        self.stdout.write(f"Ärende {case.dnr}: {case.title} ({case.get_status_display()})")
        for utlatande in utlatanden_freeze_due(at=timezone.now()):
            self.stdout.write(f"Utlåtandet i {utlatande.motion.case.dnr} är fastställt.")
        if not no_practice:
            for meeting in demo.load_practice_meetings(timezone.localdate()):
                self.stdout.write(
                    f"Övningssammanträde: {meeting.body} {meeting.date:%Y-%m-%d}, justering "
                    f"{timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}."
                )
        if not settings.DEBUG:
            self.stderr.write("Demokonton skapades inte: de skapas bara när DEBUG är på.")
            return
        created = demo.create_demo_accounts()
        if created:
            self.stdout.write("Demokonton (lösenord demo): " + ", ".join(created))
