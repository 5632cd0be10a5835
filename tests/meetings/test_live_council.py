"""A paragraph of a council the size of Stockholm's kommunfullmäktige, run from the members' own
devices (issue 25): 101 serving members, each through the member's page as a client of their
own, ask to speak, one puts an ändringsyrkande, all vote, and the result is in the paragraph
and in the justerade minutes."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from casework.models import Body, Meeting
from meetings import services
from meetings.models import Ballot, Protocol, SpeakerRequest, Vote, Yrkande
from tests.meetings.conftest import MEETING_DAY, at
from tests.meetings.live_world import sent

MEMBERS = 101
PROPOSAL = ["Budgeten för 2027 fastställs.", "Skattesatsen blir 17,82 kronor."]


@pytest.fixture
def council(world):
    body = Body.objects.create(name="Kommunfullmäktige i Storstad", kind=Body.Kind.COUNCIL)
    parties = [world.s, world.sd, world.l]
    members = []
    for n in range(MEMBERS):
        person = world.person(f"Ledamot{n:03d}", "Andersson", parties[n % 3], [body])
        person.user = User.objects.create_user(username=f"ledamot{n:03d}")
        person.save(update_fields=["user"])
        members.append(person)
    meeting = Meeting.objects.create(body=body, date=MEETING_DAY, place="Rådssalen")
    item = services.agenda_add(meeting=meeting, title="Budget för 2027", proposal=PROPOSAL)
    services.meeting_open(
        meeting=meeting,
        serving=members,
        chair=members[0],
        justerare=members[1:3],
        justering_deadline=at(MEETING_DAY + datetime.timedelta(days=3)),
        now=at(MEETING_DAY, 9),
    )
    return meeting, item, members


def device(person) -> Client:
    """A member's own device: a client signed in as that member."""
    client = Client()
    client.force_login(person.user)
    return client


def test_a_council_of_101_takes_a_paragraph_from_their_own_devices_to_the_minutes(council):
    meeting, item, members = council
    member_page = f"/sammantraden/{meeting.pk}/deltar/"
    chair_page = f"/sammantraden/{meeting.pk}/leder/"
    devices = [device(person) for person in members]

    for client in devices:  # every member asks to speak
        response = client.post(member_page, sent(meeting, {"action": "speak", "kind": "inlagg"}))
        assert response.status_code == 302
    assert SpeakerRequest.objects.filter(item=item).count() == MEMBERS

    chair, mover = devices[0], devices[50]
    chair.post(member_page, sent(meeting, {"action": "yrka", "form": "bifall"}))
    response = mover.post(
        member_page,
        sent(
            meeting,
            {
                "action": "yrka",
                "form": "andring",
                "att_1": PROPOSAL[0],
                "att_2": "Skattesatsen blir 17,72 kronor.",
            },
        ),
        follow=True,
    )
    assert "Ditt yrkande är lagt: att att-sats 2 får lydelsen" in response.text
    change = Yrkande.objects.get(item=item, mover=members[50])
    bifall = Yrkande.objects.get(item=item, mover=members[0])
    for client in devices[51:60]:  # nine instämmer
        client.post(member_page, sent(meeting, {"action": "support", "proposal": change.pk}))
    assert change.supporters.count() == 9

    chair.post(
        chair_page,
        {
            "action": "vote_open",
            "yes": bifall.pk,
            "no": change.pk,
            "stage": "huvudvotering",
            "requested_by": members[50].pk,
        },
    )
    vote = Vote.objects.get(item=item)
    assert vote.roll.count() == MEMBERS  # the röstlängd, frozen as the vote opened
    for n, client in enumerate(devices):
        choice = "ja" if n < 55 else ("nej" if n < 97 else "avstar")
        assert (
            client.post(
                member_page, sent(meeting, {"action": "vote", "choice": choice})
            ).status_code
            == 302
        )
    devices[60].post(
        member_page, sent(meeting, {"action": "vote", "choice": "ja"})
    )  # changes their mind
    assert Ballot.objects.filter(vote=vote).count() == MEMBERS

    response = chair.post(chair_page, {"action": "vote_close"}, follow=True)
    assert "Voteringen är avslutad och beslutet i § 1 registrerat." in response.text
    item.refresh_from_db()
    assert item.is_decided and item.decided_items == PROPOSAL  # 56 ja, 41 nej, 4 avstår

    services.meeting_close(meeting=meeting, ends_at=datetime.time(16))
    user = User.objects.create_user("sekreterare")
    for signer in members[:3]:  # the chair and the two justerare
        services.meeting_justera(meeting=meeting, person=signer, by=user, now=at(MEETING_DAY, 17))
    html = Protocol.objects.get(meeting=meeting).html
    assert "Omröstningen utfaller med 56 ja-röster och 41 nej-röster; 4 avstår." in html
    assert "Voteringslista, § 1, huvudvotering" in html
    assert html.count("Andersson") >= MEMBERS  # every member on the voteringslista
