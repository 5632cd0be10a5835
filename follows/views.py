"""Following by e-mail: the form, the confirmation link, the one-click unsubscribe."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from follows import services
from follows.forms import FollowForm, TargetForm


def _back(form: TargetForm) -> str:
    """The page the reader came from."""
    target = form.target()
    if target.get("case"):
        return target["case"].get_absolute_url()
    if target.get("body"):
        return reverse("meetings:list")
    return f"{reverse('case_list')}?{target['query']}"


def follow(request: HttpRequest) -> HttpResponse:
    """Ask to follow what the address names; a signed-in user with an address follows at once."""
    user_email = request.user.email if request.user.is_authenticated else ""
    target = TargetForm(request.POST or request.GET)
    if not target.is_valid():
        error = "Det du ville följa finns inte. Gå tillbaka till sidan och försök igen."
        return render(request, "follows/bad_link.html", {"error": error}, status=404)
    form = FollowForm(request.POST or None, signed_in=bool(user_email), initial=request.GET)
    if request.method == "POST" and form.is_valid():
        follow = services.follow_request(
            email=user_email or form.cleaned_data["email"],
            confirmed=bool(user_email),
            **form.target(),
        )
        if user_email:
            messages.success(
                request, f"Du följer nu {follow.describe()}. Mejl går till {user_email}."
            )
            return redirect(_back(form))
        return render(
            request,
            "follows/sent.html",
            {"email": follow.subscriber.email, "what": follow.describe(), "back": _back(form)},
        )
    return render(
        request,
        "follows/follow.html",
        {"form": form, "what": target.describe(), "user_email": user_email, "back": _back(target)},
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail. A GET shows what will be followed and a button (a mail
    scanner opening the link confirms nothing); a POST from it confirms."""
    try:
        if request.method == "POST":
            follow = services.follow_confirm(token=token)
        else:
            follow = services.follow_by_confirmation_token(token)
    except ValidationError as error:
        return render(request, "follows/bad_link.html", {"error": error.messages[0]}, status=400)
    if request.method != "POST":
        return render(request, "follows/confirm.html", {"follow": follow})
    return render(
        request,
        "follows/confirmed.html",
        {
            "follow": follow,
            "unsubscribe": services.unsubscribe_token(follow.subscriber),
        },
    )


@csrf_exempt  # the signed token is the authority; mail programs post here (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: the address follows nothing any more, or, with `follow` from the page's button
    beside it, no longer that one thing. A GET shows the buttons (a link checker opening the link
    unsubscribes no one); a POST, from them or from the mail program, does it."""
    stopped = None
    try:
        subscriber = services.subscriber_by_unsubscribe_token(token)
        if request.method == "POST" and request.POST.get("follow", "").isdigit():
            stopped = services.follow_unsubscribe(
                token=token, follow_id=int(request.POST["follow"])
            )
        elif request.method == "POST":
            services.subscriber_unsubscribe(token=token)
            return render(request, "follows/unsubscribed.html", {"email": subscriber.email})
    except ValidationError as error:
        return render(request, "follows/bad_link.html", {"error": error.messages[0]}, status=400)
    return render(
        request,
        "follows/unsubscribe.html",
        {
            "email": subscriber.email,
            "follows": subscriber.follows.select_related("case__registry", "body"),
            "stopped": stopped,
        },
    )
