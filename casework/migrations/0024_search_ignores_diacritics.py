"""Search ignores case and diacritics (casework.search): PostgreSQL's `unaccent` for folding a
column, and each case's search words stored again, folded. The index is derived data, so it is
rebuilt with the code of today (case_index), not with this migration's historical models; the code
of today reads the columns of today, which later migrations may add, so the rebuild waits until
every migration has run (`casework.search.reindex_after_migrate`)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from casework.search import REINDEX_AFTER_MIGRATE


def index_again_folded(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # SQLite keeps no index
        REINDEX_AFTER_MIGRATE.add(schema_editor.connection.alias)


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
