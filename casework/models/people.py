"""Parties, people, bodies and memberships: who sits where, when."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework import attributes, text
from casework.models.fields import Period

# --- People, parties, bodies -------------------------------------------------------------


def validate_personal_identity_number(value: str) -> None:
    """Folkbokföringslagen (1991:481) 18 §: a personnummer is the date of birth, a birth number
    and a check digit (computed as Skatteverket describes, the Luhn algorithm over the last ten
    digits); a samordningsnummer (18 a §) has 60 added to the day. Stored with the century, as
    e-legitimation sends it (attribute urn:oid:1.2.752.29.4.13): twelve digits."""
    if not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Skriv personnumret med tolv siffror: ÅÅÅÅMMDDNNNN."))
    digits = [int(d) for d in value[2:]]
    total = sum(
        d * 2 - 9 if i % 2 == 0 and d * 2 > 9 else d * 2 if i % 2 == 0 else d
        for i, d in enumerate(digits)
    )
    if total % 10:
        raise ValidationError(_("Kontrollsiffran stämmer inte; se över personnumret."))


class Party(models.Model):
    abbreviation = models.CharField(_("förkortning"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["abbreviation"]
        constraints = [
            # "(s)" in an older document is "(S)": one party, whatever the case of its letters
            models.UniqueConstraint(
                Lower("abbreviation"),
                name="casework_party_abbreviation_unique_ignoring_case",
                violation_error_message=_(
                    "Det finns redan ett parti med den förkortningen (stora och små bokstäver "
                    "räknas som samma)."
                ),
            ),
        ]

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    personal_identity_number = models.CharField(
        _("personnummer"),
        max_length=12,
        blank=True,
        validators=[validate_personal_identity_number],
        help_text=_(
            "Tolv siffror (ÅÅÅÅMMDDNNNN), bara för den som loggar in med e-legitimation. "
            "Visas aldrig utanför administrationen."
        ),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_identity_number"],
                condition=~Q(personal_identity_number=""),
                name="casework_person_personal_identity_number_unique",
                violation_error_message=_("Det finns redan en person med det personnumret."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("admin:casework_person_change", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def party_on(self, date: datetime.date) -> Party | None:
        """Read from prefetched affiliations when a list has prefetched them; else they are read
        once, with their parties, and kept on this instance (a page names a mover many times)."""
        if "affiliations" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects(
                [self],
                Prefetch("affiliations", PartyAffiliation.objects.select_related("party")),
            )
        for affiliation in self.affiliations.all():
            if affiliation.holds_on(date):
                return affiliation.party
        return None

    def party_letters_on(self, date: datetime.date) -> str:
        """The party the person belonged to on that date, as the profile prints it: 'SD', or
        'sd' where it prints party letters in lower case; '' for none."""
        municipality = apps.get_model("casework", "Municipality")  # its module imports this one
        party = self.party_on(date)
        return municipality.current().party_letters(party.abbreviation if party else "")

    def name_with_party(self, date: datetime.date) -> str:
        """'Gabriel Kroon (SD)': the party the person belonged to on that date."""
        party = self.party_letters_on(date)
        return f"{self.full_name} ({party})" if party else self.full_name

    def title_and_name(self, date: datetime.date) -> str:
        """With the title the person carries on that date, as an app registers it (the profile's
        title for whoever heads a department of the council): 'kommunalrådet Eva Ek (L)'."""
        name = self.name_with_party(date)
        title = attributes.title_on(self, date)
        return f"{title} {name}" if title else name


class PartyAffiliation(Period):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("parti"), on_delete=models.PROTECT, related_name="affiliations"
    )

    class Meta:
        verbose_name = _("partitillhörighet")
        verbose_name_plural = _("partitillhörigheter")
        ordering = ["person", "-starts_on"]

    def __str__(self):
        return f"{self.person.full_name} ({self.party}) från {self.starts_on}"


class BodyKind(models.TextChoices):
    COUNCIL = "fullmaktige", _("fullmäktige")
    EXECUTIVE = "styrelse", _("styrelse")
    PREPARATORY = "beredning", _("beredning")
    COMMITTEE = "namnd", _("nämnd")
    OFFICE = "forvaltning", _("förvaltning/kontor")
    COMPANY = "bolag", _("kommunalt bolag")
    AUTHORITY = "extern", _("myndighet eller organisation utanför kommunen")


class Body(models.Model):
    Kind = BodyKind

    name = models.CharField(
        _("namn"), max_length=150, unique=True, help_text=_("T.ex. Socialnämnden.")
    )
    running_name = models.CharField(
        _("namn mitt i en mening"),
        max_length=150,
        blank=True,
        help_text=_(
            "Bara om namnet inte skrivs med liten begynnelsebokstav mitt i en mening, "
            "t.ex. Migrationsverket eller Södermalms stadsdelsnämnd. Tomt: socialnämnden."
        ),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    office = models.ForeignKey(
        "self",
        verbose_name=_("förvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_bodies",
        limit_choices_to={"kind": Kind.OFFICE},
        help_text=_("Förvaltningen eller kontoret som bereder nämndens ärenden."),
    )
    substitutes_may_make_statements = models.BooleanField(
        _("ersättare får lämna särskilda uttalanden"),
        default=False,
        help_text=_("Om ersättare som inte tjänstgjort får lämna särskilda uttalanden i organet."),
    )

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BodyKind.values), name="casework_body_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:casework_body_change", args=[self.pk])

    def clean(self):
        if self.office_id and self.office.kind != self.Kind.OFFICE:
            raise ValidationError({"office": _("Det valda organet är inte en förvaltning.")})

    @property
    def in_running_text(self) -> str:
        """The name as it stands inside a sentence: 'socialnämnden', 'kommunstyrelsens
        arbetsutskott'; but an abbreviation ('AB SOLOM') as it is, and a proper name as the
        administrator wrote it in `running_name` ('Södermalms stadsdelsnämnd', 'Migrationsverket')."""
        if self.running_name:
            return self.running_name
        if self.name[1:2].isupper():  # AB, SL, KF: an abbreviation keeps its capitals
            return self.name
        return self.name[:1].lower() + self.name[1:]

    @property
    def genitive(self) -> str:
        """'Socialnämndens', 'AB SOLOM:s'."""
        return text.genitive(self.name)

    @property
    def running_genitive(self) -> str:
        """'kommunstyrelsens', 'kommunfullmäktiges'."""
        return text.genitive(self.in_running_text)

    def chair_on(self, date: datetime.date) -> "Person | None":
        """Whoever chaired the body on that date (not one who chaired it some other year)."""
        chair = (
            Membership.objects.filter(Period.on(date), body=self, role=MembershipRole.CHAIR)
            .select_related("person")
            .first()
        )
        return chair.person if chair else None

    # Who answers a referral in writing (an office's report, a company's or authority's letter)
    # rather than by a decision at a meeting of its own.
    WRITTEN_ANSWER_KINDS = ("forvaltning", "bolag", "extern")

    @property
    def answers_by_decision(self) -> bool:
        """A political body answers a referral by a decision at its meeting; an office by its
        report; a municipal company or an outside authority by a letter."""
        return self.kind not in self.WRITTEN_ANSWER_KINDS


class MembershipRole(models.TextChoices):
    MEMBER = "ledamot", _("ledamot")
    SUBSTITUTE = "ersattare", _("ersättare")
    CHAIR = "ordforande", _("ordförande")
    VICE_CHAIR = "vice_ordforande", _("vice ordförande")


class Membership(Period):
    Role = MembershipRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["body", "role", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="casework_membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="casework_membership_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name}, {self.get_role_display()} i {self.body}"
