from django.urls import path

from meetings import election_views, live_urls, note_views, views
from meetings.feeds import AnslagFeed

app_name = "meetings"
urlpatterns = [
    path("sammantraden/", views.meeting_list, name="list"),
    path("sammantraden/nytt/", views.meeting_new, name="new"),
    path("sammantraden/kalender.ics", views.calendar_all, name="calendar"),
    path("sammantraden/organ/<pk:pk>/kalender.ics", views.calendar_body, name="calendar_body"),
    path("sammantraden/<pk:pk>/", views.meeting_detail, name="detail"),
    path("sammantraden/<pk:pk>/skarm/", views.meeting_screen, name="screen"),
    path("sammantraden/<pk:pk>/live/", views.meeting_live, name="live"),
    path("sammantraden/<pk:pk>/kallelse.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("sammantraden/<pk:pk>/bygg/", views.agenda_build, name="agenda_build"),
    path("sammantraden/<pk:pk>/punkter/ny/", views.agenda_item_new, name="item_new"),
    path("sammantraden/<pk:pk>/kallelse/", views.kallelse_send, name="kallelse_send"),
    path(
        "sammantraden/<pk:pk>/punkter/<pk:item_pk>/andra/",
        views.agenda_item_change,
        name="item_change",
    ),
    path("sammantraden/<pk:pk>/oppna/", views.meeting_open, name="open"),
    path("sammantraden/<pk:pk>/paragrafer/<pk:item_pk>/", views.item_detail, name="item"),
    path(
        "sammantraden/<pk:pk>/paragrafer/<pk:item_pk>/val/",
        election_views.election,
        name="election",
    ),
    path(
        "sammantraden/<pk:pk>/paragrafer/<pk:item_pk>/val/rostsedlar/",
        election_views.election_tally,
        name="election_tally",
    ),
    path(
        "sammantraden/<pk:pk>/paragrafer/<pk:item_pk>/anteckning/",
        note_views.item_note,
        name="item_note",
    ),
    path("anteckningar/<uuid:note>/", note_views.note_detail, name="note"),
    path("sammantraden/<pk:pk>/avsluta/", views.meeting_close, name="close"),
    path("sammantraden/<pk:pk>/justering/", views.meeting_justering, name="justering"),
    path("sammantraden/<pk:pk>/justera/", views.meeting_justera, name="justera"),
    path("sammantraden/<pk:pk>/signera/", views.protocol_sign_retry, name="sign_retry"),
    path("sammantraden/<pk:pk>/anslag/", views.anslag_post, name="anslag"),
    path("sammantraden/<pk:pk>/protokoll/", views.protocol, name="protocol"),
    path("sammantraden/<pk:pk>/protokoll.pdf", views.protocol_pdf, name="protocol_pdf"),
    path("anslagstavla/", views.anslagstavla, name="anslagstavla"),
    path("flode/anslagstavla/", AnslagFeed(), name="feed_anslag"),
]
urlpatterns += live_urls.urlpatterns
