from django.db import migrations

from casework.roles import ALL


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ALL:
        Group.objects.get_or_create(name=name)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ALL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_document_sha256"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
