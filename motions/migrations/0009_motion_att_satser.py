# What a motion proposes is its att-satser, the word the documents use (not "proposals",
# which in a meeting are the yrkanden).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("motions", "0008_one_year_report")]

    operations = [
        migrations.RenameField("motion", "proposals", "att_satser"),
        migrations.RenameField("historicalmotion", "proposals", "att_satser"),
    ]
