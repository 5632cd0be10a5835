"""A case event keeps when it was entered beside when it happened (issue 21: the past entered
afterwards). The events before this were entered as they happened, so both are the same."""

import django.utils.timezone
from django.db import migrations, models


def entered_when_they_happened(apps, schema_editor):
    CaseEvent = apps.get_model("casework", "CaseEvent")
    CaseEvent.objects.update(recorded_at=models.F("at"))


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0024_search_ignores_diacritics"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="recorded_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="När händelsen fördes in; senare än tidpunkten för det som förs in i efterhand.",
                verbose_name="registrerat i systemet",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="När det hände.",
                verbose_name="tidpunkt",
            ),
        ),
        migrations.RunPython(entered_when_they_happened, migrations.RunPython.noop),
    ]
