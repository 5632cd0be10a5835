"""The background worker runs the scheduled work itself, every minute (nothing needs cron): one
pass of it fastställer an utlåtande whose minutes have been justerade, and a second pass does
nothing more."""

import pytest
from django.core import mail
from django.utils import timezone

from casework.models import Document
from casework.tasks import scheduled_run
from motions.models import Utlatande
from tests.motions.test_utlatande_pdf import unfreeze

pytestmark = pytest.mark.usefixtures("demo")


def test_one_scheduled_pass_fastställer_what_is_due_and_a_second_does_nothing_more():
    utlatande = unfreeze(Utlatande.objects.get(motion__case__sequence=1387))
    documents = Document.objects.filter(kind="utlatande").count()

    done = scheduled_run(now=timezone.now())

    utlatande.refresh_from_db()
    assert utlatande.frozen_document is not None
    assert done["motions.services.utlatanden_freeze_due"] == 1
    assert Document.objects.filter(kind="utlatande").count() == documents + 1
    assert scheduled_run(now=timezone.now())["motions.services.utlatanden_freeze_due"] == 0
    assert Document.objects.filter(kind="utlatande").count() == documents + 1


def test_the_pass_also_sends_the_reminders_of_justering_that_are_due():
    done = scheduled_run(now=timezone.now())
    assert "meetings.apps._send_reminders" in done
    assert done["meetings.apps._send_reminders"] == len(mail.outbox)
