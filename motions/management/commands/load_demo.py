from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.models import Case, Municipality
from casework.text import count
from motions import demo, exempelkommun
from motions.services import utlatanden_freeze_due


class Command(BaseCommand):
    help = (
        "Läser in referensärendet KS 2023/1387 (Stockholms stad) och, med DEBUG på, demokonton. "
        "Kan köras flera gånger. Med --exempelkommun: en påhittad kommun utan borgarråd och rotlar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--utan-ovning",
            action="store_true",
            dest="no_practice",
            help="Bara referensärendet, utan påhittade ärenden i varje läge och utan dagens "
            "övningssammanträden för politikerna.",
        )
        parser.add_argument(
            "--exempelkommun",
            action="store_true",
            dest="example",
            help="Sjöbacka kommun (arbetsutskott, tjänsteskrivelse, diarienummer 2026/KS 0001) "
            "i stället för Stockholm, i en tom databas.",
        )

    def handle(self, *args, no_practice: bool = False, example: bool = False, **options):
        profile = Municipality.objects.filter(pk=1).first()
        if example:
            if Case.objects.exists() and not (
                profile and profile.name == exempelkommun.PROFILE["name"]
            ):
                raise CommandError(
                    "Databasen har redan en annan kommuns ärenden; läs in exempelkommunen i en tom databas."
                )
            exempelkommun.load_example_municipality()
            self.stdout.write(f"{exempelkommun.PROFILE['name']} är inläst.")
            self._accounts()
            return
        if profile and profile.name == exempelkommun.PROFILE["name"]:
            raise CommandError("Databasen är exempelkommunens; kör load_demo --exempelkommun.")
        case = demo.load_reference_case()
        self.stdout.write(f"Ärende {case.dnr}: {case.title} ({case.stage})")
        if not no_practice:
            for more in demo.load_more_cases():
                self.stdout.write(f"Ärende {more.dnr}: {more.title} ({more.get_status_display()})")
            for document in demo.load_document_files():
                self.stdout.write(f"Handling {document.dnr}: {document.title}, med fil")
        for utlatande in utlatanden_freeze_due(at=timezone.now()):
            self.stdout.write(f"Utlåtandet i {utlatande.motion.case.dnr} är fastställt.")
        meeting = demo.load_kf_meeting(timezone.localdate())
        self.stdout.write(
            f"Planerat sammanträde: {meeting.body} {meeting.date:%Y-%m-%d} ({count(meeting.agenda_items.count(), 'punkt', 'punkter')})."
        )
        if not no_practice:
            for meeting in demo.load_practice_meetings(timezone.localdate()):
                self.stdout.write(
                    f"Övningssammanträde: {meeting.body} {meeting.date:%Y-%m-%d}, justering "
                    f"{timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}."
                )
            live = demo.load_live_practice_meeting(timezone.localdate())
            self.stdout.write(
                f"Övningssammanträde att hålla direkt i systemet: {live.body} {live.date:%Y-%m-%d} "
                f"kl. {live.starts_at:%H.%M}, kallelsen skickad; sekreteraren öppnar det på "
                f"/sammantraden/{live.pk}/."
            )
        self._accounts()

    def _accounts(self) -> None:
        if not settings.DEBUG:
            self.stderr.write("Demokonton skapades inte: de skapas bara när DEBUG är på.")
            return
        created = demo.create_demo_accounts()
        if created:
            self.stdout.write("Demokonton (lösenord demo): " + ", ".join(created))
