# A justerare's approval of the minutes is called what the law calls it: a justering.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_the_kallelse_as_sent"),
    ]

    operations = [
        migrations.RenameModel("Approval", "Justering"),
        migrations.RenameModel("VoidedApproval", "VoidedJustering"),
        migrations.RenameField("voidedjustering", "approval", "justering"),
        migrations.AlterField(
            model_name="justering",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="justeringar",
                to="casework.meeting",
                verbose_name="sammanträde",
            ),
        ),
        migrations.AlterModelOptions(
            name="voidedjustering",
            options={
                "ordering": ["justering", "at"],
                "verbose_name": "upphävd justering",
                "verbose_name_plural": "upphävda justeringar",
            },
        ),
    ]
