"""The anslagstavla as an Atom feed: each justering announced, with the last day to appeal."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from casework.models import Meeting, Municipality


class AnslagFeed(Feed):
    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def title(self):
        return f"Anslagstavla – {Municipality.current().name}"

    def subtitle(self):
        return "Justerade protokoll, med sista dag att överklaga (kommunallagen 8 kap. 12 § och 13 kap. 5 §)."

    def link(self):
        return reverse("meetings:anslagstavla")

    def items(self):
        return (
            Meeting.objects.filter(anslag_on__isnull=False, anslag_on__lte=timezone.localdate())
            .select_related("body")
            .order_by("-anslag_on", "body__name")[:50]
        )

    def item_title(self, meeting):
        return f"{meeting.body}: protokoll från sammanträdet {meeting.date:%Y-%m-%d}"

    def item_description(self, meeting):
        return (
            f"Protokollet justerades {meeting.justerad_on():%Y-%m-%d} och anslogs {meeting.anslag_on:%Y-%m-%d}. "
            f"Sista dag att överklaga: {meeting.appeal_ends_on():%Y-%m-%d}. Protokollet förvaras: {meeting.minutes_kept_at}."
        )

    def item_link(self, meeting):
        return reverse("meetings:protocol", args=[meeting.pk])

    def item_guid(self, meeting):
        return f"anslag-{meeting.pk}"

    def item_pubdate(self, meeting):
        return timezone.make_aware(datetime.datetime.combine(meeting.anslag_on, datetime.time(8)))
