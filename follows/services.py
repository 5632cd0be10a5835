"""Following: an address asks to follow something and confirms by the link mailed to it (a
signed-in user's own address needs no confirmation); once a day at most, each address with
something new gets one digest, with a one-click unsubscribe."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from casework.models import Body, Case, Municipality
from casework.services import site_url
from follows.models import Follow, SentItem, Subscriber
from follows.selectors import day_start, digest_changes

CONFIRM_SALT = "follows.confirm"
UNSUBSCRIBE_SALT = "follows.unsubscribe"
CONFIRM_WITHIN = datetime.timedelta(days=7)  # how long a confirmation link works
# At most this many confirmation mails a day to one address, however many ask for it: a flood
# of requests naming someone's address sends them no flood of mail.
CONFIRMATIONS_PER_DAY = 3
BAD_LINK = "Länken är ogiltig eller för gammal. Be om en ny från sidan du ville följa."


def confirmation_token(follow: Follow) -> str:
    return signing.dumps({"f": follow.pk, "e": follow.subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def _send_confirmation(follow: Follow, now: datetime.datetime) -> None:
    """The mail with the confirmation link, unless the address has had its share today."""
    subscriber = follow.subscriber
    today = timezone.localdate(now)
    if subscriber.confirmations_on != today:
        subscriber.confirmations_on, subscriber.confirmations_sent = today, 0
    if subscriber.confirmations_sent >= CONFIRMATIONS_PER_DAY:
        return
    subscriber.confirmations_sent += 1
    subscriber.save(update_fields=["confirmations_on", "confirmations_sent"])
    link = site_url(reverse("follows:confirm", args=[confirmation_token(follow)]))
    name = Municipality.current().name
    transaction.on_commit(
        lambda: send_mail(
            f"Bekräfta att du vill följa {follow.describe()}",
            f"Hej!\n\nNågon, förhoppningsvis du, har bett att få e-post från {name} när något "
            f"nytt händer i {follow.describe()}.\n\nBekräfta genom att öppna länken:\n{link}\n\n"
            "Länken gäller i en vecka. Om du inte bett om det här behöver du inte göra något: "
            "utan bekräftelse skickas ingenting till dig.\n",
            None,
            [subscriber.email],
        )
    )


@transaction.atomic
def follow_request(
    *,
    email: str,
    kind: str,
    case: Case | None = None,
    body: Body | None = None,
    query: str = "",
    confirmed: bool = False,
    now: datetime.datetime | None = None,
) -> Follow:
    """The address follows the case, the body or the saved search. `confirmed`: the address is a
    signed-in user's own, and counts at once; otherwise a mail asks the address to confirm. Asking
    again for the same thing makes nothing new (at most CONFIRMATIONS_PER_DAY mails a day)."""
    now = now or timezone.now()
    subscriber, _ = Subscriber.objects.get_or_create(email=email.strip().lower())
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    follow, _ = Follow.objects.get_or_create(
        subscriber=subscriber, kind=kind, case=case, body=body, query=query
    )
    if follow.confirmed_at:
        return follow
    if confirmed:
        follow.confirmed_at = now
        follow.save(update_fields=["confirmed_at"])
    else:
        _send_confirmation(follow, now)
    return follow


def follow_by_confirmation_token(token: str) -> Follow:
    """The follow a mailed confirmation link names, while the link works."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_WITHIN)
    except signing.BadSignature as error:
        raise ValidationError(BAD_LINK) from error
    follow = (
        Follow.objects.select_related("subscriber", "case__registry", "body")
        .filter(pk=data["f"], subscriber__email=data["e"])
        .first()
    )
    if follow is None:
        raise ValidationError(BAD_LINK)
    return follow


@transaction.atomic
def follow_confirm(*, token: str, now: datetime.datetime | None = None) -> Follow:
    """The address confirms by the mailed link's button: the follow counts from now."""
    follow = follow_by_confirmation_token(token)
    if follow.confirmed_at is None:
        follow.confirmed_at = now or timezone.now()
        follow.save(update_fields=["confirmed_at"])
    return follow


def subscriber_by_unsubscribe_token(token: str) -> Subscriber:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ValidationError(BAD_LINK) from error
    subscriber = Subscriber.objects.filter(pk=data["s"], email=data["e"]).first()
    if subscriber is None:
        raise ValidationError(BAD_LINK)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber:
    """The address follows nothing any more and gets no more digests (one click, no login)."""
    subscriber = subscriber_by_unsubscribe_token(token)
    subscriber.follows.all().delete()
    return subscriber


@transaction.atomic
def follow_unsubscribe(*, token: str, follow_id: int) -> Follow | None:
    """The address stops following one thing and keeps the rest; the token is the address's
    own unsubscribe token, so no one stops another's follow. None if it follows that no more."""
    subscriber = subscriber_by_unsubscribe_token(token)
    follow = (
        subscriber.follows.select_related("case__registry", "body").filter(pk=follow_id).first()
    )
    if follow is not None:
        follow.delete()
    return follow


def _digest_text(changes, unsubscribe: str) -> str:
    lines = ["Hej!", "", "Det här är nytt i det du följer:", ""]
    for follow, found in changes:
        lines.append(follow.describe()[:1].upper() + follow.describe()[1:])
        for change in found:
            lines += [f"- {change.text}", f"  {site_url(change.path)}"]
        lines.append("")
    lines += [
        "Du får högst ett sådant mejl om dagen, bara när något har hänt.",
        f"Sluta följa allt med ett klick: {unsubscribe}",
    ]
    return "\n".join(lines) + "\n"


def digest_send(*, subscriber: Subscriber, now: datetime.datetime) -> bool:
    """The address's digest of what is new, if anything is; each change is recorded as sent so it
    never comes again. The mail goes out inside the transaction: if it cannot be sent nothing is
    recorded, and the next run tries again."""
    changes = digest_changes(subscriber)
    if not changes:
        return False
    unsubscribe = site_url(reverse("follows:unsubscribe", args=[unsubscribe_token(subscriber)]))
    SentItem.objects.bulk_create(
        [
            SentItem(subscriber=subscriber, key=change.key, sent_at=now)
            for _follow, found in changes
            for change in found
        ]
    )
    subscriber.last_digest_at = now
    subscriber.save(update_fields=["last_digest_at"])
    EmailMessage(
        f"Nytt i det du följer – {Municipality.current().name}",
        _digest_text(changes, unsubscribe),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
        },
    ).send()
    return True


def digests_send(*, now: datetime.datetime | None = None) -> list[Subscriber]:
    """Each address with a confirmed follow and no digest yet today gets its digest if anything
    is new; the addresses sent to. Two runs at once skip each other's rows on PostgreSQL."""
    now = now or timezone.now()
    start_of_day = day_start(now)
    due = (
        Subscriber.objects.filter(follows__confirmed_at__isnull=False)
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=start_of_day))
        .values_list("pk", flat=True)
        .distinct()
    )
    sent = []
    for pk in list(due):
        with transaction.atomic():
            subscriber = (
                Subscriber.objects.select_for_update(skip_locked=True)
                .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=start_of_day), pk=pk)
                .first()
            )
            if subscriber and digest_send(subscriber=subscriber, now=now):
                sent.append(subscriber)
    return sent
