from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework.models import Case
from motions.models import Utlatande
from motions.services import utlatande_pdf


class Command(BaseCommand):
    help = 'Skriver ut ett ärendes utlåtande som PDF/A, t.ex. render_utlatande "KS 2023/1387" --output u.pdf'

    def add_arguments(self, parser):
        parser.add_argument("dnr", help='Diarienumret, t.ex. "KS 2023/1387".')
        parser.add_argument("--output", required=True, help="Filen PDF:en skrivs till.")

    def handle(self, *args, dnr: str, output: str, **options):
        try:
            case = Case.objects.by_dnr(dnr).first()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if case is None:
            raise CommandError(f"Ärendet {dnr} finns inte.")
        utlatande = Utlatande.objects.filter(motion__case=case).first()
        if utlatande is None:
            raise CommandError(f"Ärendet {case.dnr} har inget utlåtande ännu.")
        try:
            pdf = utlatande_pdf(utlatande=utlatande)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(output).write_bytes(pdf)
        state = "fastställt" if utlatande.frozen_document_id else "utkast"
        self.stdout.write(f"{output}: {len(pdf)} byte, {state}")
