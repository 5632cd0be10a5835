from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motions.importing import import_file


class Command(BaseCommand):
    help = (
        "Läser in ärenden från ett tidigare diarium: ärendelistans export (CSV med semikolon, "
        "UTF-8) eller JSON med samma namn. Handlingarna i kolumnen Handlingar läses med sökvägar "
        "från filens mapp. Allt eller inget; en andra körning lägger inte till något."
    )

    def add_arguments(self, parser):
        parser.add_argument("fil", type=Path)
        parser.add_argument(
            "--provkorning",
            action="store_true",
            dest="dry_run",
            help="Kontrollera varje rad och rapportera problemen, men spara ingenting.",
        )

    def handle(self, *args, fil: Path, dry_run: bool = False, **options):
        if not fil.is_file():
            raise CommandError(f"Filen {fil} finns inte.")
        try:
            report = import_file(fil, dry_run=dry_run)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"Filen kunde inte läsas: {error}") from None
        if report.problems:
            self.stderr.write(report.refusal)
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(report.refusal.rstrip(":") + ".")
        self.stdout.write(report.outcome(dry_run=dry_run))
