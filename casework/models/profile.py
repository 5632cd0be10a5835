"""The municipality this installation serves, as data an administrator edits: its name and place,
how its registry numbers are written, its titles, and the chain of bodies a case passes.

Nothing in the core names one municipality: an empty database starts from neutral values, and a
municipality's own values are stored in the profile (each demo stores its own).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework import kinds
from casework.models.fields import SingleRow
from casework.models.people import Body


class DnrStyle(models.TextChoices):
    PREFIX_FIRST = "prefix_ar_nummer", _("KS 2023/1387 (diarium, år, löpnummer)")
    YEAR_FIRST = "ar_prefix_nummer", _("2022/KS 0247 (år, diarium, löpnummer)")


class Municipality(SingleRow):
    """One row (id 1): the profile. Read through `Municipality.current()`."""

    Style = DnrStyle

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(_("kommunens namn"), max_length=100, default="Kommunen")
    place = models.CharField(
        _("ort"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Orten före datum i underskrifter: ”Sjöbacka den 5 juni 2024”."),
    )
    dnr_style = models.CharField(
        _("diarienummer skrivs"),
        max_length=20,
        choices=Style.choices,
        default=Style.PREFIX_FIRST,
    )
    dnr_digits = models.PositiveSmallIntegerField(
        _("siffror i löpnumret"),
        default=0,
        validators=[MaxValueValidator(9)],
        help_text=_("Minsta antal siffror; löpnumret fylls ut med nollor framför. 4 ger 0247."),
    )
    dnr_shows_classification = models.BooleanField(
        _("klassificeringskod i diarienumret"),
        default=False,
        help_text=_("Skriv ärendets klassificeringskod efter löpnumret: 2021/KS 0033 001."),
    )
    rapporteur_title = models.CharField(
        _("föredragandens titel"),
        max_length=50,
        blank=True,
        default="",
        help_text=_(
            "I bestämd form, t.ex. kommunalrådet. "
            "Tomt: kommunstyrelsens handling har ingen föredragande."
        ),
    )
    document_name = models.CharField(
        _("kommunstyrelsens handling heter"),
        max_length=100,
        default="Utlåtande",
        help_text=_("Handlingen där kommunstyrelsen lägger sitt förslag till fullmäktige."),
    )
    document_name_definite = models.CharField(
        _("handlingen i bestämd form"),
        max_length=100,
        default="utlåtandet",
        help_text=_("T.ex. tjänsteskrivelsen; används i löptext: ”Skriv utlåtandet”."),
    )
    report_name = models.CharField(
        _("förvaltningens skrivelse heter"),
        max_length=100,
        default="tjänsteutlåtande",
        help_text=_("Förvaltningens daterade svar: tjänsteutlåtande eller tjänsteskrivelse."),
    )
    views_heading = models.CharField(
        _("rubrik för ställningstagandet"),
        max_length=100,
        default="Bedömning",
        help_text=_("T.ex. Kommunledningskontorets bedömning."),
    )
    signatory_title = models.CharField(
        _("undertecknarens titel"), max_length=100, default="Kommunstyrelsens ordförande"
    )
    citizen_proposals_have_deadline = models.BooleanField(
        _("ettårsregeln gäller medborgarförslag"),
        default=False,
        help_text=_(
            "Om fullmäktige har beslutat att medborgarförslag ska avgöras inom ett år "
            "(KL 5 kap. 35 §, 8 kap. 1 §)."
        ),
    )

    class Meta:
        verbose_name = _("kommunprofil")
        verbose_name_plural = _("kommunprofil")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="casework_municipality_single"),
            models.CheckConstraint(
                condition=Q(dnr_style__in=DnrStyle.values),
                name="casework_municipality_dnr_style_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def format_dnr(self, prefix: str, year: int, sequence: int, classification: str = "") -> str:
        """'KS 2023/1387', or in the year-first style '2022/KS 0247'; with the classification code
        the case shows when `dnr_shows_classification`: '2021/KS 0033 001'."""
        number = str(sequence).zfill(self.dnr_digits)
        if self.dnr_style == DnrStyle.YEAR_FIRST:
            dnr = f"{year}/{prefix} {number}"
        else:
            dnr = f"{prefix} {year}/{number}"
        return f"{dnr} {classification}" if classification else dnr

    def report_dated(self, office_genitive: str, dated: str) -> str:
        """'Socialförvaltningens tjänsteutlåtande daterat den 4 mars 2024' ('tjänsteskrivelse
        daterad'): the participle agrees with the name's gender."""
        neuter = self.report_name.endswith(("utlåtande", "yttrande", "PM"))
        return (
            f"{office_genitive} {self.report_name} {'daterat' if neuter else 'daterad'} den {dated}"
        )

    def the_document(self) -> str:
        """'Utlåtandet', 'Tjänsteskrivelsen': KS's document, to begin a sentence with."""
        return self.document_name_definite[:1].upper() + self.document_name_definite[1:]

    def rapporteur_label(self) -> str:
        """'Föredragande kommunalrådet'; empty when the profile prints no rapporteur."""
        return f"Föredragande {self.rapporteur_title}" if self.rapporteur_title else ""


class Classification(models.Model):
    """A code of the municipality's classification scheme (diarieplan, KLASSA): it travels with
    the case and decides how long its documents are kept."""

    code = models.CharField(_("kod"), max_length=20, unique=True, help_text=_("T.ex. 001."))
    title = models.CharField(_("benämning"), max_length=200)

    class Meta:
        verbose_name = _("klassificering")
        verbose_name_plural = _("klassificeringar")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class ChainStep(models.Model):
    """One step of the chain a kind of case passes after preparation: a body deciding at its
    meeting, in order, often: arbetsutskottet, kommunstyrelsen, kommunfullmäktige."""

    case_kind = models.CharField(_("ärendetyp"), max_length=20, choices=kinds.case_kind_choices)
    position = models.PositiveSmallIntegerField(_("ordning"))
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="chain_steps"
    )
    optional = models.BooleanField(
        _("kan hoppas över"),
        default=False,
        help_text=_("Ett ärende kan gå vidare utan beslut i detta organ."),
    )
    default_items = models.TextField(
        _("förslag till beslutstext"),
        blank=True,
        help_text=_("Det beslut formuläret föreslår, en att-sats per rad."),
    )

    class Meta:
        verbose_name = _("steg i beslutsgången")
        verbose_name_plural = _("steg i beslutsgången")
        ordering = ["case_kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "position"], name="casework_chainstep_position_unique"
            ),
            models.UniqueConstraint(
                fields=["case_kind", "body"], name="casework_chainstep_body_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_case_kind_display()}: {self.position}. {self.body}"

    def clean(self):
        if self.body_id and self.body.kind == Body.Kind.OFFICE:
            raise ValidationError({"body": _("Ett kontor fattar inga beslut; välj ett organ.")})

    @property
    def signs_document(self) -> bool:
        """Kommunstyrelsen's decision makes its document final and is signed by its chair."""
        return self.body.kind == Body.Kind.EXECUTIVE

    @property
    def is_last(self) -> bool:
        return not ChainStep.objects.filter(
            case_kind=self.case_kind, position__gt=self.position
        ).exists()

    @classmethod
    def chain(cls, case_kind: str):
        return cls.objects.filter(case_kind=case_kind).select_related("body").order_by("position")
