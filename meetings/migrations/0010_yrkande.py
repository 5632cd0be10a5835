# A yrkande is called what the minutes call it (the model was Proposal, a word that also named
# a motion's att-satser and an item's förslag till beslut).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_agenda_item_att_satser")]

    operations = [
        migrations.RenameModel("Proposal", "Yrkande"),
        migrations.RenameModel("HistoricalProposal", "HistoricalYrkande"),
        migrations.AlterField(
            model_name="yrkande",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="yrkanden",
                to="meetings.agendaitem",
                verbose_name="paragraf",
            ),
        ),
        migrations.AlterField(
            model_name="yrkande",
            name="mover",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="yrkanden_moved",
                to="casework.person",
                verbose_name="yrkande av",
            ),
        ),
        migrations.AlterField(
            model_name="yrkande",
            name="supporters",
            field=models.ManyToManyField(
                blank=True,
                related_name="yrkanden_supported",
                to="casework.person",
                verbose_name="instämmer",
            ),
        ),
    ]
