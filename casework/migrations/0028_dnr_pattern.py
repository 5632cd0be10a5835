"""A registry number's shape is a pattern (casework.dnr) instead of a style, a number of digits
and whether the classification shows: each profile keeps the numbers it printed."""

from django.db import migrations, models


def pattern_from_style(apps, schema_editor):
    Municipality = apps.get_model("casework", "Municipality")
    for profile in Municipality.objects.all():
        number = f"{{nr:{profile.dnr_digits}}}" if profile.dnr_digits > 1 else "{nr}"
        if profile.dnr_style == "ar_prefix_nummer":
            pattern = f"{{år}}/{{diarium}} {number}"
        else:
            pattern = f"{{diarium}} {{år}}/{number}"
        if profile.dnr_shows_classification:
            pattern += " {klass}"
        profile.dnr_pattern = pattern
        profile.save(update_fields=["dnr_pattern"])


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0027_party_abbreviation_ignoring_case'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='municipality',
            name='casework_municipality_dnr_style_valid',
        ),
        migrations.AddField(
            model_name='municipality',
            name='dnr_pattern',
            field=models.CharField(default='{diarium} {år}/{nr}', help_text='Delarna i valfri ordning med valfria skiljetecken: {diarium} (KS), {år}, {nr} (löpnumret; {nr:4} fyller ut med nollor till 0247) och {klass} (ärendets klassificeringskod, utelämnas för ärenden utan). T.ex. {diarium} {år}/{nr} ger KS 2023/1387 och {år}/{diarium} {nr:4} {klass} ger 2021/KS 0033 001.', max_length=60, verbose_name='diarienumrets form'),
        ),
        migrations.RunPython(pattern_from_style, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='municipality',
            name='dnr_digits',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='dnr_shows_classification',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='dnr_style',
        ),
    ]
