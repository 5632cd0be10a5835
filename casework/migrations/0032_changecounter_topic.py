from django.core.management.color import no_style
from django.db import migrations, models


def reset_id_sequence(apps, schema_editor):
    """0006 made the counter's row with id 1 by hand; a topic's new row takes the next id."""
    counter = apps.get_model("casework", "ChangeCounter")
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [counter]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0031_person_personal_identity_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="changecounter",
            name="topic",
            field=models.SlugField(
                default="referensdata",
                help_text="Vad räknaren räknar ändringar av.",
                max_length=40,
                verbose_name="ämne",
            ),
        ),
        migrations.AddConstraint(
            model_name="changecounter",
            constraint=models.UniqueConstraint(
                fields=("topic",), name="casework_changecounter_topic_unique"
            ),
        ),
        migrations.RunPython(reset_id_sequence, migrations.RunPython.noop),
    ]
