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


# The databases whose cases' search words are to be stored again once every migration has run
# (migration 0024 folded the index; the code that stores it reads today's columns).
REINDEX_AFTER_MIGRATE: set[str] = set()


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """On each new SQLite connection: `casework_fold`, the function `Folded` calls there."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("casework_fold", 1, fold, deterministic=True)


# Swedish endings a word is matched without where there is no stemmer (SQLite): plural and
# definite forms, longest first (after the Snowball Swedish stemmer's first step, in part).
_ENDINGS = (
    "heterna hetens arnas ernas ornas heten heter arna erna orna ande arne aste aren ades "
    "erns het ast ens ets en ar er or as es et s"
)
ENDINGS = sorted(_ENDINGS.split(), key=len, reverse=True)


def search_words(text: str) -> list[str]:
    """The words typed, folded, each without a Swedish ending where the word is long enough to
    keep four letters ("algblomningen" -> "algblomning", "cyanobakteriernas" -> "cyanobakteri"),
    so that a contains-match finds the other forms of the word; numbers and short words as
    typed."""
    words = []
    for word in fold(text).split():
        word = word.strip(".,;:!?\"'()[]”’")
        if word.isalpha():
            for ending in ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= 4:
                    word = word.removesuffix(ending)
                    break
        if word:
            words.append(word)
    return words


def folded_match(fields: list[str], text: str) -> models.Q:
    """Rows where each word typed (`search_words`) is in one of `fields` (paths through
    relations allowed), all folded: "vatten Mälaren" finds "Renare vatten i Mälaren"."""
    match = models.Q()
    for word in search_words(text):
        anywhere = models.Q()
        for field in fields:
            anywhere |= models.Q(**{f"{field}__folded__contains": word})
        match &= anywhere
    return match
