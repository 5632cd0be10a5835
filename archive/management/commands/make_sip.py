"""Make an E-ARK SIP: python manage.py make_sip --arende KS-2023-1387 [--ut fil.zip]
or for every case closed in a year: python manage.py make_sip --ar 2024."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.services import ExportFailed, export_order, export_run
from casework.models import Case
from casework.text import count


class Command(BaseCommand):
    help = "Gör ett arkivpaket (E-ARK SIP) av ett avslutat ärende eller av årets avslutade ärenden."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--arende", help="Diarienumret, t.ex. KS-2023-1387.")
        which.add_argument("--ar", type=int, help="Alla ärenden avslutade det året.")
        parser.add_argument("--ut", help="Filen att skriva (annars ärendets eller årets namn).")

    def handle(self, *args, arende=None, ar=None, ut=None, **options):
        case = None
        if arende:
            try:
                case = Case.objects.by_dnr(arende).get()
            except (Case.DoesNotExist, ValidationError):
                raise CommandError(f"Inget ärende har diarienumret {arende}.") from None
        try:
            export = export_order(case=case, year=ar, background=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            export = export_run(export)
        except ExportFailed as error:
            raise CommandError(f"Exporten misslyckades: {error}") from None
        path = Path(ut or export.file_name)
        with export.package.open("rb") as package:
            path.write_bytes(package.read())
        self.stdout.write(
            f"{path}: {count(export.done, 'ärende', 'ärenden')}, SHA-256 {export.sha256}"
        )
        if export.left_out:
            self.stdout.write(export.left_out)
