from django.db import migrations

from casework.roles import SECOND_FACTOR


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=SECOND_FACTOR)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECOND_FACTOR).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_history")]

    operations = [migrations.RunPython(create_group, remove_group)]
