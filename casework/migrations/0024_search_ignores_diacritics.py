"""Search ignores case and diacritics (casework.search): PostgreSQL's `unaccent` for folding a
column, and each case's search words stored again, folded. The index is derived data, so it is
rebuilt with the code of today (case_index), not with this migration's historical models: so it
runs after the migrations of the apps whose texts case_index reads, and a later migration that
changes those columns rebuilds the index itself."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


def index_again_folded(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite keeps no index
    from casework.models import Case
    from casework.services import case_index

    for case in Case.objects.iterator():
        case_index(case=case)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0023_rotlar_moved_out_and_neutral_profile"),
        ("motions", "0009_motion_att_satser"),
        ("meetings", "0010_yrkande"),
        ("referrals", "0005_referral_state_avstod"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(index_again_folded, migrations.RunPython.noop),
    ]
