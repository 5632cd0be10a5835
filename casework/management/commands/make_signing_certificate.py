from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from casework.models import Municipality
from casework.signing import FILES, make_demo_certificate


class Command(BaseCommand):
    help = (
        "Skapar ett democertifikat för signering av protokoll i SIGNING_DIR, om där inte redan "
        "finns ett. Bara för demo och test: en riktig installation använder kommunens certifikat."
    )

    def handle(self, *args, **options):
        directory = Path(settings.SIGNING_DIR)
        if all((directory / f).exists() for f in FILES):
            self.stdout.write(f"Certifikatet i {directory} finns redan.")
            return
        make_demo_certificate(directory, organisation=Municipality.current().name)
        self.stdout.write(f"Ett democertifikat för signering finns nu i {directory}.")
