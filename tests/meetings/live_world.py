"""A committee of seven serving members for the live meeting: six ordinary members (one of them
the chair) and a substitute in the place of the seventh, who is away."""

import datetime

from django.contrib.auth.models import User

from casework.models import Body, Meeting, Membership
from meetings import services
from tests.conftest import TERM
from tests.meetings.conftest import MEETING_DAY, at

PROPOSAL = [
    "Riktlinjerna för föreningsbidrag antas.",
    "Förvaltningen får i uppdrag att följa upp riktlinjerna efter ett år.",
]
NAMES = [
    ("Anna", "Ek"),
    ("Bo", "Ås"),
    ("Cecilia", "Berg"),
    ("David", "Lind"),
    ("Eva", "Strand"),
    ("Fredrik", "Holm"),
]


class Committee:
    def __init__(self, world, *, second_item: bool = False):
        self.world = world
        self.body = Body.objects.create(name="Kulturnämnden", kind=Body.Kind.COMMITTEE)
        parties = [world.s, world.sd, world.l]
        self.members = []
        for number, (first, last) in enumerate(NAMES):
            person = world.person(first, last, parties[number % 3], [])
            Membership.objects.create(person=person, body=self.body, **TERM)
            person.user = User.objects.create_user(username=first.lower(), password="demo")
            person.save()
            self.members.append(person)
        self.away = world.person("Gustav", "Borta", world.s, [self.body])
        self.away.user = User.objects.create_user(username="gustav", password="demo")
        self.away.save()
        self.substitute = world.person("Hanna", "Vik", world.s, [])
        Membership.objects.create(
            person=self.substitute, body=self.body, role=Membership.Role.SUBSTITUTE, **TERM
        )
        self.substitute.user = User.objects.create_user(username="hanna", password="demo")
        self.substitute.save()
        self.chair = self.members[0]
        self.serving = [*self.members, self.substitute]
        self.meeting = Meeting.objects.create(body=self.body, date=MEETING_DAY, place="Rådhuset")
        self.item = services.agenda_add(
            meeting=self.meeting, title="Riktlinjer för föreningsbidrag", proposal=PROPOSAL
        )
        if second_item:
            self.second = services.agenda_add(
                meeting=self.meeting, title="Riktlinjer för lokalbidrag", proposal=PROPOSAL
            )
        services.meeting_open(
            meeting=self.meeting,
            serving=self.serving,
            chair=self.chair,
            justerare=[self.members[1]],
            justering_deadline=at(MEETING_DAY + datetime.timedelta(days=3)),
            now=at(MEETING_DAY, 9),
        )
        self.item.refresh_from_db()


def sent(meeting, data: dict) -> dict:
    """A member page's form as the page sends it: with the paragraph in use and the open votering
    (the hidden fields that keep a form from a page made earlier from landing elsewhere)."""
    from meetings import live

    item = live.current_item(meeting)
    vote = live.open_vote(item) if item else None
    return {"paragraf": item.pk if item else "", "votering": vote.pk if vote else "", **data}


def next_speaker(item) -> dict:
    """The chair's "Nästa talare" as the page sends it: with the one speaking as it showed them."""
    speaking = item.speakers.filter(started_at__isnull=False, finished_at__isnull=True).first()
    return {"action": "next", "talare": speaking.pk if speaking else ""}
