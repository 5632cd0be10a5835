from django.core.management.base import BaseCommand
from django.utils import timezone

from motions.services import utlatanden_freeze_due


class Command(BaseCommand):
    help = (
        "Fastställer varje utlåtande vars protokoll från kommunstyrelsen har justerats: "
        "PDF:en skrivs ut en gång och registreras i diariet. Körs från cron, t.ex. var 15:e minut."
    )

    def handle(self, *args, **options):
        for utlatande in utlatanden_freeze_due(at=timezone.now()):
            document = utlatande.frozen_document
            self.stdout.write(f"{document.dnr}: {document.title} (SHA-256 {document.sha256})")
