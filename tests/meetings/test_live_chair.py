"""The chair's page of the live meeting, from the review on the demo: a kontrapropositionsvotering's
result, the steps that ask "are you sure", a member who has left the room during a votering, and
a votering no one asked for."""

import asyncio
import re

import pytest
from django.core.exceptions import ValidationError

from casework import roles
from meetings import broadcast, live, services
from meetings.live_forms import VoteOpenForm
from meetings.models import Vote
from tests.meetings.conftest import MEETING_DAY, at
from tests.meetings.live_world import Committee

NOW = at(MEETING_DAY, 10)


@pytest.fixture
def committee(world):
    return Committee(world)


def chair_url(committee):
    return f"/sammantraden/{committee.meeting.pk}/leder/"


def three_yrkanden(committee):
    """Bifall (Anna), avslag (Bo) and an eget yrkande (Cecilia): a kontrapropositionsvotering
    first picks the motförslag."""
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    return (
        live.yrkande_put(item=item, mover=anna, form="bifall"),
        live.yrkande_put(item=item, mover=bo, form="avslag"),
        live.yrkande_put(
            item=item,
            mover=cecilia,
            form="eget",
            text="att bidragen höjs",
            items=["Bidragen höjs."],
        ),
    )


def everyone_votes(committee, choices: dict | None = None, default: str = "ja") -> None:
    vote = live.open_vote(committee.item)
    for person in committee.serving:
        choice = (choices or {}).get(person, default)
        live.ballot_cast(vote=vote, person=person, choice=choice)


def test_a_votering_no_one_asked_for_is_not_said_to_be_asked_for_in_the_minutes(client, committee):
    """From the review: with no one named, the paragraph said "Votering begärs." and
    "Kontrapropositionsvotering begärs." as though someone had asked."""
    bifall, avslag, own = three_yrkanden(committee)
    client.force_login(committee.chair.user)
    client.post(
        chair_url(committee),
        {"action": "vote_open", "yes": avslag.pk, "no": own.pk, "stage": "kontraproposition"},
    )
    everyone_votes(committee, default="nej")
    client.post(chair_url(committee), {"action": "vote_close"})
    opened = client.post(
        chair_url(committee),
        {"action": "vote_open", "yes": bifall.pk, "no": own.pk, "stage": "huvudvotering"},
        follow=True,
    )
    assert "Voteringen är öppen." in opened.text and "begärd av" not in opened.text
    everyone_votes(committee)
    closed = client.post(chair_url(committee), {"action": "vote_close"}, follow=True)
    assert "Voteringen är avslutad" in closed.text
    assert committee.item.votes.filter(requested_by__isnull=True).count() == 2
    for path in (
        committee.item.get_absolute_url(),
        f"/sammantraden/{committee.meeting.pk}/protokoll/",
    ):
        page = " ".join(client.get(path).text.split())
        assert "begärs" not in page and "begärd av" not in page, path
        assert "och finner bifall till Anna Eks (S) yrkande. Följande" not in page  # own <p>
        assert "och finner bifall till Anna Eks (S) yrkande.</p>" in page, path
        assert "<p>Följande kontrapropositionsvoteringsproposition godkänns:" in page, path


def test_a_votering_asked_for_names_who_asked_in_the_minutes(client, committee):
    bifall, avslag, own = three_yrkanden(committee)
    bo = committee.members[1]
    live.vote_open(
        item=committee.item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, requested_by=bo, now=NOW
    )
    everyone_votes(committee, default="nej")
    live.vote_close(vote=live.open_vote(committee.item), now=NOW)
    live.vote_open(item=committee.item, yes=bifall, no=own, requested_by=bo, now=NOW)
    everyone_votes(committee)
    live.vote_close(vote=live.open_vote(committee.item), now=NOW)
    client.force_login(committee.chair.user)
    page = " ".join(client.get(committee.item.get_absolute_url()).text.split())
    assert "Kontrapropositionsvotering begärs av Bo Ås (SD). Följande" in page
    assert "finner bifall till Anna Eks (S) yrkande. Votering begärs av Bo Ås (SD).</p>" in page


def test_after_a_kontrapropositionsvotering_the_chair_sees_its_result_and_the_fallen_yrkande(
    client, committee
):
    """From the review: once the kontrapropositionsvotering was closed, the chair's page said
    nothing of its result, and still offered the yrkande that fell for the huvudvotering."""
    bifall, avslag, own = three_yrkanden(committee)
    client.force_login(committee.chair.user)
    client.post(
        chair_url(committee),
        {"action": "vote_open", "yes": avslag.pk, "no": own.pk, "stage": "kontraproposition"},
    )
    anna, bo = committee.members[:2]
    everyone_votes(committee, {anna: "ja", bo: "ja", committee.substitute: "avstar"}, "nej")
    closed = client.post(chair_url(committee), {"action": "vote_close"}, follow=True)
    page = " ".join(closed.text.split())
    assert "Kontrapropositionsvoteringen är avslutad." in page
    assert "<h3>Kontrapropositionsvoteringen är avslutad</h3>" in page
    assert "Omröstningen utfaller med 2 ja-röster och 4 nej-röster; 1 avstår." in page
    assert "Cecilia Bergs (L) yrkande är därmed motförslag i huvudvoteringen." in page
    assert "<strong>Bo Ås (SD) yrkande har fallit.</strong>" in page
    assert "<strong>Fallet i kontrapropositionsvoteringen:</strong> Bo Ås (SD) yrkar avslag" in page
    assert "<strong>Motförslag i huvudvoteringen:</strong> Cecilia Berg (L) yrkar" in page
    # the huvudvotering is what remains: the fallen yrkande is not offered for it
    form = page.split('<input type="hidden" name="action" value="vote_open">')[1]
    assert f'<option value="{bifall.pk}">' in form and f'<option value="{own.pk}">' in form
    assert f'value="{avslag.pk}"' not in form
    assert 'value="kontraproposition"' not in form and 'value="huvudvotering"' in form
    refused = client.post(
        chair_url(committee),
        {"action": "vote_open", "yes": bifall.pk, "no": avslag.pk, "stage": "huvudvotering"},
    )
    assert refused.status_code == 400 and not live.open_vote(committee.item)
    opened = client.post(
        chair_url(committee),
        {"action": "vote_open", "yes": bifall.pk, "no": own.pk, "stage": "huvudvotering"},
        follow=True,
    )
    page = " ".join(opened.text.split())
    assert "Voteringen är öppen." in page
    assert "Huvudvotering: ja för Anna Eks (S) yrkande, nej för Cecilia Bergs (L) yrkande." in page
    assert "Bo Ås (SD) yrkande har fallit." in page  # still in view while the chair runs it


def test_before_any_kontrapropositionsvotering_no_yrkande_is_said_to_have_fallen(client, committee):
    three_yrkanden(committee)
    client.force_login(committee.chair.user)
    page = client.get(chair_url(committee)).text
    assert "fallit" not in page and "Fallet" not in page and "Motförslag i" not in page
    assert 'value="kontraproposition"' in page


def test_the_chair_records_a_yrkande_taken_back_once_she_ticks_the_box(client, committee):
    """From the review: the chair could not record a yrkande taken back from the seat; it is
    asked "are you sure" as cancelling a votering is: a box to tick beside the button."""
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    client.force_login(committee.chair.user)
    page = client.get(chair_url(committee)).text
    assert f'<label for="id_bekrafta_{avslag.pk}">Ja, Bo Ås återtar yrkandet</label>' in page
    assert 'aria-label="Återta yrkandet av Bo Ås (avslag på förslaget)"' in page
    withdraw = {"action": "withdraw_yrkande", "proposal": avslag.pk}
    refused = client.post(chair_url(committee), withdraw)
    assert refused.status_code == 400
    assert "Kryssa i rutan för att bekräfta att yrkandet ska återtas." in refused.text
    invalid = re.findall(r'aria-invalid="true"[^>]*id="(id_bekrafta_\d+)"', refused.text)
    assert invalid == [f"id_bekrafta_{avslag.pk}"]  # the box of the one sent, not the others'
    assert committee.item.yrkanden.count() == 2
    response = client.post(chair_url(committee), {**withdraw, "bekrafta": "on"}, follow=True)
    assert "Bo Ås har återtagit sitt yrkande: avslag på förslaget." in response.text
    assert list(committee.item.yrkanden.all()) == [bifall]
    again = client.post(chair_url(committee), {**withdraw, "bekrafta": "on"})
    assert again.status_code == 400 and "Yrkandet kan inte återtas nu" in again.text


def test_a_yrkande_in_a_votering_is_not_offered_to_be_taken_back(client, committee):
    bifall, avslag, own = three_yrkanden(committee)
    live.vote_open(item=committee.item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=NOW)
    client.force_login(committee.chair.user)
    page = client.get(chair_url(committee)).text
    assert "Återta yrkandet" not in page  # not while a votering is open
    everyone_votes(committee, default="nej")
    live.vote_close(vote=live.open_vote(committee.item), now=NOW)
    page = client.get(chair_url(committee)).text
    assert page.count('value="withdraw_yrkande"') == 1 and f"id_bekrafta_{bifall.pk}" in page
    refused = client.post(
        chair_url(committee),
        {"action": "withdraw_yrkande", "proposal": avslag.pk, "bekrafta": "on"},
    )
    assert refused.status_code == 400 and "Yrkandet kan inte återtas nu" in refused.text
    assert committee.item.yrkanden.count() == 3


def test_every_step_of_the_chairs_page_that_cannot_be_undone_asks_the_same_way(client, committee):
    """One form and one include: a box "Ja, …" to tick, then the button."""
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    client.force_login(committee.chair.user)
    page = client.get(chair_url(committee)).text
    live.vote_open(item=committee.item, yes=bifall, no=avslag, now=NOW)
    page += client.get(chair_url(committee)).text
    for action in ("withdraw_yrkande", "vote_cancel"):
        forms = re.findall(
            rf'<input type="hidden" name="action" value="{action}">.*?</form>', page, re.DOTALL
        )
        assert forms, action
        for form in forms:
            assert re.search(
                r'<input type="checkbox" name="bekrafta"[^>]*>\s*<label[^>]*>Ja, ', form
            )
            assert form.index('name="bekrafta"') < form.index('<button type="submit"')


def opened_vote(committee):
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    return live.vote_open(item=committee.item, yes=bifall, no=avslag, requested_by=bo, now=NOW)


def test_a_member_who_left_the_room_is_marked_franvarande_and_the_votering_closes_without_her(
    client, committee
):
    """From the review: one who had left the room could not be left out, so the votering could
    not be closed."""
    vote = opened_vote(committee)
    hanna = committee.substitute
    choices = dict(zip(committee.members, ["ja", "nej", "ja", "ja", "nej", "avstar"], strict=True))
    for person, choice in choices.items():
        live.ballot_cast(vote=vote, person=person, choice=choice)
    client.force_login(committee.chair.user)
    refused = client.post(chair_url(committee), {"action": "vote_close"})
    assert refused.status_code == 400
    assert "Hanna Vik har inte röstat; registrera rösten för hand om enheten inte fungerar, " in (
        refused.text
    )
    assert 'aria-label="Markera Hanna Vik som frånvarande"' in refused.text
    marked = client.post(
        chair_url(committee),
        {"action": "absent", "votering": vote.pk, "person": hanna.pk},
        follow=True,
    )
    page = " ".join(marked.text.split())
    assert "Hanna Vik är markerad som frånvarande." in page
    assert "6 av 7 har röstat; 1 är frånvarande." in page
    assert "<td>Frånvarande <form" in page and 'aria-label="Hanna Vik är åter i salen"' in page
    closed = client.post(chair_url(committee), {"action": "vote_close"}, follow=True)
    assert "Voteringen är avslutad och beslutet i § 1 registrerat." in closed.text
    vote.refresh_from_db()
    assert list(vote.absent.all()) == [hanna] and not vote.ballots.filter(person=hanna).exists()
    committee.item.refresh_from_db()
    assert committee.item.winner.mover == committee.members[0]  # 3 ja, 2 nej
    for path in (
        committee.item.get_absolute_url(),
        f"/sammantraden/{committee.meeting.pk}/protokoll/",
    ):
        page = " ".join(client.get(path).text.split())
        assert "3 ja-röster och 2 nej-röster; 1 avstår och 1 är frånvarande." in page, path
        assert '<th scope="col">Avstår</th><th scope="col">Frånvarande</th>' in page, path
        row = re.search(r'<tr><td class="name">Hanna Vik \(S\)</td>(.*?)</tr>', page).group(1)
        assert row == "<td></td><td></td><td></td><td>X</td>", path  # not as having voted
        row = re.search(r'<tr><td class="name">Bo Ås \(SD\)</td>(.*?)</tr>', page).group(1)
        assert row == "<td></td><td>X</td><td></td><td></td>", path
        assert page.count('<tr><td class="name">') == 7, path


def test_without_anyone_franvarande_the_voteringslista_has_no_such_column(client, committee):
    vote = opened_vote(committee)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    live.vote_close(vote=vote, now=NOW)
    client.force_login(committee.chair.user)
    page = client.get(committee.item.get_absolute_url()).text
    assert "Frånvarande" not in page and "frånvarande" not in page
    assert "7 ja-röster och 0 nej-röster; 0 avstår." in page


def test_one_who_has_voted_is_not_marked_franvarande_and_one_back_votes_again(client, committee):
    vote = opened_vote(committee)
    anna, bo = committee.members[:2]
    live.ballot_cast(vote=vote, person=bo, choice="nej")
    with pytest.raises(ValidationError, match="Bo Ås har redan röstat; rösten räknas."):
        live.vote_mark_absent(vote=vote, person=bo)
    with pytest.raises(ValidationError, match="står inte på röstlängden"):
        live.vote_mark_absent(vote=vote, person=committee.away)
    live.vote_mark_absent(vote=vote, person=anna)
    client.force_login(committee.chair.user)
    back = client.post(
        chair_url(committee), {"action": "present", "votering": vote.pk, "person": anna.pk}
    )
    assert back.status_code == 302 and not vote.absent.exists()
    for person in committee.serving[2:]:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    with pytest.raises(ValidationError, match="Anna Ek har inte röstat"):
        live.vote_close(vote=vote, now=NOW)  # back in the room: she votes as anyone
    refused = client.post(
        chair_url(committee), {"action": "present", "votering": vote.pk, "person": anna.pk}
    )
    assert "Anna Ek är inte markerad som frånvarande." in refused.text
    history = [h.history_change_reason for h in vote.history.order_by("history_id")]
    assert history[-2:] == ["Anna Ek har lämnat salen", "Anna Ek är åter i salen"]


def test_one_marked_franvarande_who_comes_back_and_votes_is_counted(committee):
    vote = opened_vote(committee)
    hanna = committee.substitute
    live.vote_mark_absent(vote=vote, person=hanna)
    for person in committee.serving:  # Hanna too: back in the room, from her own device
        live.ballot_cast(vote=vote, person=person, choice="nej")
    decided = live.vote_close(vote=vote, now=NOW)
    assert decided.is_decided and not vote.absent.exists()
    assert vote.count() == {"ja": 0, "nej": 7, "avstar": 0}


def test_marking_franvarande_from_a_page_made_before_the_votering_changed_is_refused(
    client, committee
):
    vote = opened_vote(committee)
    live.vote_cancel(vote=vote)
    bifall, avslag = committee.item.yrkanden.all()
    again = live.vote_open(item=committee.item, yes=bifall, no=avslag, now=NOW)
    client.force_login(committee.chair.user)
    hanna = committee.substitute
    refused = client.post(
        chair_url(committee), {"action": "absent", "votering": vote.pk, "person": hanna.pk}
    )
    assert refused.status_code == 400
    assert "Voteringen har ändrats sedan sidan visades." in refused.text
    assert not again.absent.exists()
    for person in committee.serving:
        live.ballot_cast(vote=again, person=person, choice="ja")
    live.vote_close(vote=again, now=NOW)
    late = client.post(
        chair_url(committee), {"action": "absent", "votering": again.pk, "person": hanna.pk}
    )
    assert late.status_code == 400 and not again.absent.exists()


def test_a_kontrapropositionsvotering_with_one_franvarande_binds_the_huvudvotering(committee):
    bifall, avslag, own = three_yrkanden(committee)
    hanna = committee.substitute
    counter = live.vote_open(
        item=committee.item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=NOW
    )
    live.vote_mark_absent(vote=counter, person=hanna)
    for person in committee.members:
        live.ballot_cast(vote=counter, person=person, choice="nej")
    live.vote_close(vote=counter, now=NOW)
    main = live.vote_open(item=committee.item, yes=bifall, no=own, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=main, person=person, choice="ja")
    decided = live.vote_close(vote=main, now=NOW)
    assert decided.winner == bifall
    assert list(counter.absent.all()) == [hanna] and not main.absent.exists()
    html = services.protocol_html(meeting=committee.meeting)
    assert "0 ja-röster och 6 nej-röster; 0 avstår och 1 är frånvarande." in html
    assert "7 ja-röster och 0 nej-röster; 0 avstår. Kulturnämnden har beslutat" in html


def test_a_votering_recorded_by_hand_names_one_franvarande(committee):
    anna, bo = committee.members[:2]
    hanna = committee.substitute
    item = committee.item
    yes = services.yrkande_add(item=item, mover=anna, text="bifall till förslaget", items=[])
    no = services.yrkande_add(item=item, mover=bo, text="avslag", items=[live.REJECTED])
    ballots = {p.pk: "ja" for p in committee.members} | {hanna.pk: None}
    services.item_decide(item=item, vote=(yes, no), ballots=ballots, now=NOW)
    vote = item.votes.get()
    assert list(vote.absent.all()) == [hanna] and vote.ballots.count() == 6
    html = services.protocol_html(meeting=committee.meeting)
    assert "6 ja-röster och 0 nej-röster; 0 avstår och 1 är frånvarande." in html


def test_marking_one_franvarande_is_published_as_a_ballot_is(
    committee, django_capture_on_commit_callbacks, settings
):
    """The chair's page and the big screen count the votering's rows and follow it; a member's
    page passes it over, as a vote cast."""
    settings.REDIS_URL = ""  # the broker within the process
    vote = opened_vote(committee)
    hanna = committee.substitute
    with django_capture_on_commit_callbacks(execute=True):
        live.vote_mark_absent(vote=vote, person=hanna)
        live.vote_mark_present(vote=vote, person=hanna)
    events = asyncio.run(broadcast.broker().since(committee.meeting.pk, (0, 0)))
    assert [e.what for e in events][-2:] == [live.BALLOT, live.BALLOT]


def test_the_paragraph_s_page_changes_nothing_a_votering_open_on_the_members_devices_decides(
    client, committee, user_with_role
):
    """From the review on the demo: the secretary's beslutsgång decided the paragraph while the
    members were still voting (the result then contradicted its own count), and removing a
    yrkande set in the votering gave a 500."""
    bifall, avslag, eget = three_yrkanden(committee)
    item = committee.item
    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=NOW)
    live.ballot_cast(vote=vote, person=committee.members[1], choice="ja")
    voting = "En votering pågår: paragrafen avgörs när den är avslutad."
    with pytest.raises(ValidationError, match=voting):
        services.item_decide(item=item, winner=avslag, now=NOW)
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = item.get_absolute_url()
    for proposal in (bifall, eget):
        answer = client.post(
            page, {"form": "remove_proposal", "proposal": proposal.pk}, follow=True
        )
        assert answer.status_code == 200
        assert "En votering pågår: yrkanden tas inte bort förrän den är avslutad." in answer.text
    item.refresh_from_db()
    assert not item.is_decided and item.yrkanden.count() == 3
    assert Vote.objects.get(pk=vote.pk).is_open

    live.vote_cancel(vote=vote)
    counter = live.vote_open(item=item, yes=avslag, no=eget, stage=Vote.Stage.COUNTER, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=counter, person=person, choice="ja")
    live.vote_close(vote=counter, now=NOW)
    answer = client.post(page, {"form": "remove_proposal", "proposal": eget.pk}, follow=True)
    assert "Yrkandet har ställts i en votering och kan inte tas bort." in answer.text
    assert item.yrkanden.filter(pk=eget.pk).exists()


def test_jav_registered_by_the_secretary_is_published_to_the_members_pages(
    committee, django_capture_on_commit_callbacks, settings
):
    """From the review on the demo: a member's phone kept offering 'Begär ordet' after the
    secretary registered her jäv, until she reloaded it."""
    settings.REDIS_URL = ""  # the broker within the process
    with django_capture_on_commit_callbacks(execute=True):
        services.item_set_recused(item=committee.item, recused=[committee.members[2]])
    events = asyncio.run(broadcast.broker().since(committee.meeting.pk, (0, 0)))
    assert [e.what for e in events][-1:] == [live.PARAGRAPH]


def test_the_secretary_is_offered_to_lead_not_to_take_part(client, committee, user_with_role):
    """From the review on the demo: the secretary, who has no seat, was offered 'Delta från din
    enhet' on the meeting's page."""
    page = f"/sammantraden/{committee.meeting.pk}/"
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    text = client.get(page).text
    assert "Leda sammanträdet" in text and "Delta från din enhet" not in text
    client.force_login(committee.members[1].user)
    assert "Delta från din enhet" in client.get(page).text


def test_the_big_screen_says_when_the_chairs_vote_decided_a_tie(client, committee):
    """From the review on the demo: after a tie the big screen gave the result without saying
    that the chair's vote decided it, as the minutes say."""
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    vote = live.vote_open(item=committee.item, yes=bifall, no=avslag, now=NOW)
    choices = ["ja", "nej", "ja", "nej", "ja", "nej", "avstar"]  # the chair (Anna) votes ja
    for person, choice in zip(committee.serving, choices, strict=True):
        live.ballot_cast(vote=vote, person=person, choice=choice)
    live.vote_close(vote=vote, now=NOW)
    screen = client.get(f"/sammantraden/{committee.meeting.pk}/skarm/").text
    assert "Lika röstetal: ordförandens röst avgör. Bifall till Anna Eks (S) yrkande." in screen


def test_with_two_yrkanden_in_sak_only_a_huvudvotering_is_offered(world):
    """From the review on the demo: the chair's form offered (first) a kontrapropositionsvotering,
    which needs three yrkanden in sak, between two."""
    committee = Committee(world)
    anna, bo, cecilia = committee.members[:3]
    live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    form = VoteOpenForm(item=committee.item, serving=committee.serving)
    assert form.fields["stage"].choices == [("huvudvotering", "huvudvotering")]
    live.yrkande_put(
        item=committee.item, mover=cecilia, form="eget", text="Eget", items=["Annat beslut."]
    )
    form = VoteOpenForm(item=committee.item, serving=committee.serving)
    assert [value for value, _ in form.fields["stage"].choices] == [
        "kontraproposition",
        "huvudvotering",
    ]
    assert form["stage"].value() == "kontraproposition"  # the motförslag is chosen first
