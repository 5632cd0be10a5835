from django.core.management.base import BaseCommand, CommandError

from meetings.elections import election_recount, tally
from meetings.models import Election


class Command(BaseCommand):
    help = (
        "Räknar om ett slutet val från de sparade röstsedlarna och jämför med resultatet som "
        "fördes in i paragrafen. Avslutas med fel om de skiljer sig."
    )

    def add_arguments(self, parser):
        parser.add_argument("election", type=int, help="Valets id.")

    def handle(self, *args, **options):
        election = Election.objects.filter(pk=options["election"]).first()
        if election is None:
            raise CommandError(f"Det finns inget val med id {options['election']}.")
        if election.is_open:
            raise CommandError("Valet pågår; röstsedlarna räknas när ordföranden avslutat det.")
        votes, blank = tally(election)
        self.stdout.write(f"Val av {election.office}, {election.item}")
        for candidate in election.candidates.all():
            self.stdout.write(f"{candidate.name}: {votes[candidate.pk]}")
        self.stdout.write(f"Blanka röstsedlar: {blank}")
        differences = election_recount(election)
        if differences:
            raise CommandError("Omräkningen skiljer sig från resultatet: " + "; ".join(differences))
        self.stdout.write("Omräkningen stämmer med resultatet.")
