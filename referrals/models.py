"""Referrals (remisser) of a case to bodies of every kind, and their answers.

An office answers with its report (tjänsteutlåtande or tjänsteskrivelse, as the profile names
it); a municipal company or an outside authority with a letter. A committee answers with a
decision at its meeting, usually adopting its own office's report. Any of them may decline
(avstå), with the reason.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Body, Case, Decision, Municipality, items_field
from casework.models.fields import choice_label


class ReferralQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(state__in=[Referral.State.SENT, Referral.State.LATE])

    def overdue(self, *, on: datetime.date):
        return self.outstanding().filter(due_on__lt=on)

    def due_within(self, *, on: datetime.date, days: int):
        return self.outstanding().filter(
            due_on__gte=on, due_on__lte=on + datetime.timedelta(days=days)
        )


class ReferralState(models.TextChoices):
    SENT = "skickad", _("skickad")
    ANSWERED = "besvarad", _("besvarad")
    LATE = "sen", _("försenad")
    DECLINED = "avstadd", _("avstod")
    WITHDRAWN = "aterkallad", _("återkallad")


class Referral(models.Model):
    CASE_LOOKUP = "referrals"  # from Case to this row: which case a change touches
    State = ReferralState

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="referrals"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("remissinstans"), on_delete=models.PROTECT, related_name="referrals"
    )
    sent_on = models.DateField(_("skickad"))
    due_on = models.DateField(_("svarsdatum"), help_text=_("Sista dag för remissvaret."))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.SENT)
    declined_reason = models.CharField(
        _("skäl att avstå"),
        max_length=500,
        blank=True,
        help_text=_("T.ex. att frågan inte hör till instansens ansvar."),
    )
    answered_on = models.DateField(
        _("besvarad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Dagen då svaret (eller beskedet att instansen avstår) kom."),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("nämndens beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral_answers",
        help_text=_("För en nämnd: beslutet vid sammanträdet som besvarar remissen."),
    )

    answer = models.OneToOneField(
        "casework.Document",
        verbose_name=_("registrerat svar"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="answered_referral",
        help_text=_("Handlingen som registrerade svaret; makuleras den öppnas remissen igen."),
    )

    objects = ReferralQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "body"], name="referrals_referral_case_body_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReferralState.values), name="referrals_referral_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("sent_on")),
                name="referrals_referral_due_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(declined_reason="") | Q(state="avstadd"),
                name="referrals_referral_reason_only_when_declined",
            ),
        ]

    def __str__(self):
        return f"{self.case.dnr} → {self.body}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    def get_state_display(self) -> str:
        return choice_label(ReferralState, self.state)

    def clean(self):
        errors = {}
        if self.sent_on and self.due_on and self.due_on < self.sent_on:
            errors["due_on"] = _("Svarsdatumet kan inte ligga före datumet då remissen skickades.")
        if self.decision_id:
            if self.decision.body != self.body:
                errors["decision"] = _("Beslutet är inte fattat av remissinstansen.")
            elif self.decision.case_id != self.case_id:
                errors["decision"] = _("Beslutet hör till ett annat ärende.")
            else:
                report = getattr(self, "report", None)
                if report and report.dated > self.decision.date:
                    errors["decision"] = _(
                        "Tjänsteutlåtandet är daterat efter sammanträdet som antar det."
                    )
        if errors:
            raise ValidationError(errors)

    def refuse_answer_dated(self, dated: datetime.date, field: str = "dated") -> None:
        """OSL 5 kap. 1 §: an answer is registered the day it came, and it cannot have come
        before the referral was sent, nor after today."""
        self.refuse_answer_before_sending(dated, field)
        if dated > timezone.localdate():
            raise ValidationError({field: _("Datumet kan inte vara senare än i dag.")})

    def refuse_answer_before_sending(self, dated: datetime.date, field: str = "dated") -> None:
        """No body answers a referral before it was sent (a committee's meeting keeps its own
        time: its minutes decide when it has met)."""
        if dated < self.sent_on:
            raise ValidationError(
                {
                    field: _(
                        "Svaret kan inte vara daterat före den %(sent)s, då remissen skickades."
                    )
                    % {"sent": f"{self.sent_on:%Y-%m-%d}"}
                }
            )

    def reopen(self) -> None:
        """The registered answer was a mistake (its document is cancelled): the referral awaits
        its answer again, late if its due date has passed. An answer decided at a meeting stays:
        a decision is not undone by cancelling a document."""
        if self.decision_id:
            raise ValidationError(
                _(
                    "Svaret är %(body)s beslut; ett beslut ändras inte genom att handlingen makuleras."
                )
                % {"body": self.body.genitive}
            )
        OfficerReport.objects.filter(referral=self).delete()  # its history keeps the text
        late = self.due_on < timezone.localdate()
        self.state = self.State.LATE if late else self.State.SENT
        self.answered_on, self.answer, self.declined_reason = None, None, ""
        self.save(update_fields=["state", "answered_on", "answer", "declined_reason"])

    @property
    def is_answered(self) -> bool:
        return self.state == self.State.ANSWERED

    @property
    def answered_in_time(self) -> bool | None:
        """Whether the answer came by the due date; None while there is none."""
        return None if self.answered_on is None else self.answered_on <= self.due_on


class OfficerReport(models.Model):
    """A dated written answer to a referral: an office's report (tjänsteutlåtande), or the letter
    of a municipal company or an outside authority (then `office` is the body itself)."""

    CASE_LOOKUP = "referrals__report"  # from Case to this row: which case a change touches

    referral = models.OneToOneField(
        Referral, verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="report"
    )
    office = models.ForeignKey(
        Body,
        verbose_name=_("skriven av"),
        on_delete=models.PROTECT,
        related_name="reports",
        limit_choices_to={"kind__in": Body.WRITTEN_ANSWER_KINDS},
    )
    dated = models.DateField(_("daterat"))
    text = models.TextField(_("text"), help_text=_("Stycken skiljs med en tom rad."))
    proposed_items = items_field(
        _("förslag till beslut"),
        _("Kontorets förslag till kommunfullmäktige, en att-sats per rad."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skriftligt remissvar")
        verbose_name_plural = _("skriftliga remissvar")
        ordering = ["dated", "id"]

    def __str__(self):
        if self.office.kind == Body.Kind.OFFICE:
            return Municipality.current().report_dated(
                self.office.genitive, date_format(self.dated)
            )
        return f"{self.office.genitive} skrivelse daterad den {date_format(self.dated)}"

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.referral.case.slug])

    def clean(self):
        if not (self.office_id and self.referral_id):
            return
        body = self.referral.body
        expected = body if not body.answers_by_decision else body.office
        if expected is None or self.office_id != expected.pk:
            raise ValidationError(
                {
                    "office": _("Tjänsteutlåtandet ska skrivas av %(office)s.")
                    % {
                        "office": expected.in_running_text
                        if expected
                        else _("remissinstansens förvaltning")
                    }
                }
            )
        decision = self.referral.decision
        if decision and self.dated > decision.date:
            raise ValidationError(
                {
                    "dated": _(
                        "Tjänsteutlåtandet kan inte vara daterat efter sammanträdet den %(date)s som antar det."
                    )
                    % {"date": date_format(decision.date)}
                }
            )
