# An agenda item's own decision (for an item without a case) is its att-satser, not its "items".

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_justering_named_as_the_law_names_it")]

    operations = [
        migrations.RenameField("agendaitem", "items", "att_satser"),
        migrations.RenameField("historicalagendaitem", "items", "att_satser"),
    ]
