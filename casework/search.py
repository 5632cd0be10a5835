"""Search that ignores case and diacritics: "wanngard" and "WANNGÅRD" find "Wanngård", "angest"
finds "ångest", "oresund" finds "Öresund". The words stored for search and the words typed are
folded the same way (`fold`); in the database a column is folded by `Folded`, which is
PostgreSQL's `unaccent` (casework migration 0024 creates the extension) and on SQLite the same
Python function, registered on each connection (`register_sqlite_fold`)."""

import unicodedata

from django.db import models


def fold(text: str) -> str:
    """Lower case, without diacritics: NFKD, then the combining marks dropped (å -> a, ö -> o,
    é -> e)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Folded(models.Transform):
    """`field__folded__contains=fold(words)`: the column folded as `fold` folds a typed word.
    Registered on every CharField and TextField (casework.apps)."""

    lookup_name = "folded"
    function = "casework_fold"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))")


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """On each new SQLite connection: `casework_fold`, the function `Folded` calls there."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("casework_fold", 1, fold, deterministic=True)


def folded_match(fields: list[str], words: str) -> models.Q:
    """Rows where any of `fields` (paths through relations allowed) contains `words`, both
    folded."""
    folded = fold(words)
    match = models.Q()
    for field in fields:
        match |= models.Q(**{f"{field}__folded__contains": folded})
    return match
