"""Rotlar leave the core for their own app (its 0001 has moved each case's rotel and its history
before this runs): the case's rotel column, its history's and the profile's `uses_rotlar` go, and
Rotel and RotelHead leave casework's state (their tables stay, now the rotlar app's).

The profile's defaults become neutral; a database with cases but no stored profile ran on the
former defaults, so they are stored first and nothing it prints changes."""

from django.db import migrations, models


def keep_the_former_defaults(apps, schema_editor):
    Municipality = apps.get_model("casework", "Municipality")
    Case = apps.get_model("casework", "Case")
    if not Municipality.objects.filter(pk=1).exists() and Case.objects.exists():
        Municipality.objects.create(id=1)  # this state's defaults are the former ones


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0022_worker_beat"),
    ]

    operations = [
        migrations.RunPython(keep_the_former_defaults, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalcase", name="rotel"),
        migrations.RemoveField(model_name="case", name="rotel"),
        migrations.RemoveField(model_name="municipality", name="uses_rotlar"),
        migrations.AlterField(
            model_name="municipality",
            name="name",
            field=models.CharField(default="Kommunen", max_length=100, verbose_name="kommunens namn"),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="place",
            field=models.CharField(blank=True, default="", help_text="Orten före datum i underskrifter: ”Sjöbacka den 5 juni 2024”.", max_length=100, verbose_name="ort"),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="rapporteur_title",
            field=models.CharField(blank=True, default="", help_text="I bestämd form, t.ex. kommunalrådet. Tomt: kommunstyrelsens handling har ingen föredragande.", max_length=50, verbose_name="föredragandens titel"),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="views_heading",
            field=models.CharField(default="Bedömning", help_text="T.ex. Kommunledningskontorets bedömning.", max_length=100, verbose_name="rubrik för ställningstagandet"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RotelHead"),
                migrations.DeleteModel(name="Rotel"),
            ],
            database_operations=[],
        ),
    ]
