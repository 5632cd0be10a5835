"""The municipality this installation serves, as data an administrator edits: its name and place,
how its registry numbers are written, its titles, and the chain of bodies a case passes.

Nothing in the core names one municipality: an empty database starts from neutral values, and a
municipality's own values are stored in the profile (each demo stores its own).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework import dnr, kinds, text
from casework.models.fields import SingleRow
from casework.models.people import Body


class Municipality(SingleRow):
    """One row (id 1): the profile. Read through `Municipality.current()`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(_("kommunens namn"), max_length=100, default="Kommunen")
    place = models.CharField(
        _("ort"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Orten före datum i underskrifter: ”Sjöbacka den 5 juni 2024”."),
    )
    dnr_pattern = models.CharField(
        _("diarienumrets form"),
        max_length=60,
        default=dnr.DEFAULT,
        help_text=_(
            "Delarna i valfri ordning med valfria skiljetecken: {diarium} (KS), {år}, {nr} "
            "(löpnumret; {nr:4} fyller ut med nollor till 0247) och {klass} (ärendets "
            "klassificeringskod, utelämnas för ärenden utan). T.ex. {diarium} {år}/{nr} ger "
            "KS 2023/1387 och {år}/{diarium} {nr:4} {klass} ger 2021/KS 0033 001."
        ),
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
    movers_named = models.PositiveSmallIntegerField(
        _("motionärer som skrivs ut med namn"),
        default=1,
        help_text=_(
            "Så många motionärer namnges innan resten skrivs ”m.fl.”. Med 1: ”Ann Ek m.fl. (S)” "
            "när alla är från samma parti, ”Ann Ek (S) m.fl.” när partierna är flera."
        ),
    )
    movers_grouped = models.BooleanField(
        _("samma partis namn skrivs ihop"),
        default=False,
        help_text=_(
            "”Anna Ek och Per Berg (båda MP)” (”alla” för tre eller fler) i stället för "
            "”Anna Ek (MP) och Per Berg (MP)”."
        ),
    )
    party_lower_case = models.BooleanField(
        _("partibeteckningar med små bokstäver"),
        default=False,
        help_text=_("”Anna Ek (mp)” i stället för ”Anna Ek (MP)”, som i äldre handlingar."),
    )
    motion_number_series = models.BooleanField(
        _("motionerna numreras per år"),
        default=False,
        help_text=_(
            "Fullmäktiges egen nummerserie, t.ex. 2023:45: det som registreras utan "
            "motionsnummer får nästa nummer i väckningsårets serie."
        ),
    )
    motion_number_printed = models.BooleanField(
        _("motionsnumret skrivs ut"),
        default=False,
        help_text=_(
            "Motionsnumret står i underrubriken i kommunstyrelsens handling (”… 2023:45 av "
            "Anna Ek (S)”) och i ärendelistan."
        ),
    )

    class Meta:
        verbose_name = _("kommunprofil")
        verbose_name_plural = _("kommunprofil")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="casework_municipality_single"),
            models.CheckConstraint(
                condition=Q(movers_named__gte=1),
                name="casework_municipality_movers_named_positive",
                violation_error_message=_("Minst en motionär skrivs ut med namn."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        problems = dnr.pattern_problems(self.dnr_pattern)
        if problems:
            raise ValidationError({"dnr_pattern": problems})

    def format_dnr(self, prefix: str, year: int, sequence: int, classification: str = "") -> str:
        """As the profile's pattern writes it (casework.dnr): 'KS 2023/1387', '2022/KS 0247',
        '2021/KS 0033 001' …; the classification only where the pattern has a place for it."""
        return dnr.dnr_format(self.dnr_pattern, prefix, year, sequence, classification)

    @property
    def dnr_shows_classification(self) -> bool:
        return "{klass" in self.dnr_pattern

    def report_dated(self, office_genitive: str, dated: str) -> str:
        """'Socialförvaltningens tjänsteutlåtande daterat den 4 mars 2024' ('tjänsteskrivelse
        daterad'): the participle agrees with the name's gender."""
        neuter = self.report_name.endswith(("utlåtande", "yttrande", "PM"))
        return (
            f"{office_genitive} {self.report_name} {'daterat' if neuter else 'daterad'} den {dated}"
        )

    def party_letters(self, abbreviation: str) -> str:
        """The party (its abbreviation) as printed after a name: 'MP', or 'mp' where the
        profile prints party letters in lower case; '' for none."""
        return abbreviation.lower() if self.party_lower_case else abbreviation

    def names_with_parties(self, people: list[tuple[str, str]]) -> str:
        """Movers as the profile names them (casework.text.names_with_parties): 'Ann Ek m.fl. (S)',
        'Anna Ek och Per Berg (båda mp)'."""
        return text.names_with_parties(people, named=self.movers_named, grouped=self.movers_grouped)

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
