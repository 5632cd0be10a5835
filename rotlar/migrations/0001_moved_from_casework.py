"""Rotlar leave the core: Rotel and RotelHead keep casework's tables (only Django's state moves
here; no row is copied), and a case's rotel, stored until now on casework's Case, becomes a
CaseRotel row, its recorded changes HistoricalCaseRotel rows. The profile's `uses_rotlar` becomes
RotlarProfile.in_use. casework's 0023 then drops the old columns; it runs after this."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def move_values(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    HistoricalCase = apps.get_model("casework", "HistoricalCase")
    Municipality = apps.get_model("casework", "Municipality")
    CaseRotel = apps.get_model("rotlar", "CaseRotel")
    HistoricalCaseRotel = apps.get_model("rotlar", "HistoricalCaseRotel")
    RotlarProfile = apps.get_model("rotlar", "RotlarProfile")
    assigned = Case.objects.filter(rotel__isnull=False).values_list("pk", "rotel_id")
    CaseRotel.objects.bulk_create(
        CaseRotel(case_id=case_id, rotel_id=rotel_id) for case_id, rotel_id in assigned.iterator()
    )
    # Each change of a case's rotel its history recorded, as a change of its CaseRotel.
    records = []
    ids = HistoricalCase.objects.filter(rotel__isnull=False).values_list("id", flat=True)
    for case_id in ids.order_by("id").distinct():
        previous = None
        history = HistoricalCase.objects.filter(id=case_id).order_by("history_date", "history_id")
        for record in history:
            if record.rotel_id == previous:
                continue
            kind = "+" if previous is None else "-" if record.rotel_id is None else "~"
            records.append(
                HistoricalCaseRotel(
                    case_id=case_id, rotel_id=record.rotel_id or previous, history_type=kind,
                    history_date=record.history_date, history_user_id=record.history_user_id,
                    history_change_reason=record.history_change_reason,
                )
            )
            previous = record.rotel_id
    HistoricalCaseRotel.objects.bulk_create(records)
    # The profile's choice; a database with cases but no stored profile ran on the former
    # default, which assigned cases to rotlar.
    profile = Municipality.objects.filter(pk=1).first()
    if profile is not None:
        RotlarProfile.objects.create(id=1, in_use=profile.uses_rotlar)
    elif Case.objects.exists():
        RotlarProfile.objects.create(id=1, in_use=True)


def move_values_back(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    Municipality = apps.get_model("casework", "Municipality")
    CaseRotel = apps.get_model("rotlar", "CaseRotel")
    RotlarProfile = apps.get_model("rotlar", "RotlarProfile")
    for link in CaseRotel.objects.all().iterator():
        Case.objects.filter(pk=link.case_id).update(rotel_id=link.rotel_id)
    profile = RotlarProfile.objects.filter(pk=1).first()
    if profile is not None:
        Municipality.objects.filter(pk=1).update(uses_rotlar=profile.in_use)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("casework", "0022_worker_beat"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    run_before = [("casework", "0023_rotlar_moved_out_and_neutral_profile")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Rotel",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("numeral", models.CharField(help_text="Romersk siffra, t.ex. I.", max_length=10, unique=True, verbose_name="nummer")),
                        ("name", models.CharField(max_length=150, verbose_name="namn")),
                    ],
                    options={"verbose_name": "rotel", "verbose_name_plural": "rotlar", "ordering": ["id"], "db_table": "casework_rotel"},
                ),
                migrations.CreateModel(
                    name="RotelHead",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("starts_on", models.DateField(verbose_name="från")),
                        ("ends_on", models.DateField(blank=True, help_text="Tomt om det gäller tills vidare.", null=True, verbose_name="till")),
                        ("person", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="rotel_terms", to="casework.person", verbose_name="roteln leds av")),
                        ("rotel", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="heads", to="rotlar.rotel", verbose_name="rotel")),
                    ],
                    options={"verbose_name": "rotelns ledare", "verbose_name_plural": "rotlarnas ledare", "ordering": ["rotel", "-starts_on"], "db_table": "casework_rotelhead"},
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="CaseRotel",
            fields=[
                ("case", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="rotel_link", serialize=False, to="casework.case", verbose_name="ärende")),
                ("rotel", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="case_links", to="rotlar.rotel", verbose_name="rotel")),
            ],
            options={"verbose_name": "ärendets rotel", "verbose_name_plural": "ärendenas rotlar", "ordering": ["case"]},
        ),
        migrations.CreateModel(
            name="HistoricalCaseRotel",
            fields=[
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                ("case", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="casework.case", verbose_name="ärende")),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("rotel", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="rotlar.rotel", verbose_name="rotel")),
            ],
            options={
                "verbose_name": "historical ärendets rotel",
                "verbose_name_plural": "historical ärendenas rotlar",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RotlarProfile",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("in_use", models.BooleanField(default=False, help_text="Kommuner med borgarråd fördelar ärendena på rotlar.", verbose_name="ärenden hör till en rotel")),
            ],
            options={
                "verbose_name": "rotelindelning",
                "verbose_name_plural": "rotelindelning",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="rotlar_rotlarprofile_single")],
            },
        ),
        migrations.RunPython(move_values, move_values_back),
    ]
