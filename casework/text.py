"""Swedish wording helpers shared by pages and the printed utlåtande."""

import datetime

from django.utils.text import get_text_list


def add_years(date: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each with its inner whitespace folded."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def marked_differences(mine: str, theirs: str) -> tuple[str, str]:
    """Two versions of a text as HTML, each with the words only it has marked (<mark>), so a
    clerk sees at a glance what differs. Line breaks are kept."""
    import difflib
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    a, b = re.split(r"(\s+)", mine), re.split(r"(\s+)", theirs)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            left.append(f"<mark>{old}</mark>" if old.strip() else old)
            right.append(f"<mark>{new}</mark>" if new.strip() else new)
    return tuple(mark_safe("".join(side).replace("\n", "<br>")) for side in (left, right))


def genitive(name: str) -> str:
    """The genitive of a name: 'SVT:s', 'AB SOLOM:s' (an abbreviation takes a colon before the
    s), 'Lars', 'Kommunfullmäktiges' (a name ending in s, x or z takes none), 'Socialnämndens'."""
    if not name.strip():
        return name
    last = name.rsplit(maxsplit=1)[-1]
    if len(last) > 1 and last.isupper():
        return f"{name}:s"
    if last[-1:].lower() in ("s", "x", "z"):
        return name
    return f"{name}s"


def names_with_parties(people: list[tuple[str, str]], *, named: int, grouped: bool) -> str:
    """People as a document names them, each (name, party letters or ''), in order: up to `named`
    by name, then 'm.fl.'. All of one party: 'Ann Ek m.fl. (S)'; parties mixed: 'Ann Ek (S)
    m.fl.'. When `grouped`, consecutive named people of one party share it: 'Anna Ek och Per Berg
    (båda mp) samt Bo Ås (s)', 'alla' for three or more; otherwise 'Anna Ek (mp) och Per Berg
    (mp)'."""
    parties = {party for _, party in people}
    one_party = next(iter(parties)) if len(parties) == 1 else ""
    shown = people[:named]
    if len(people) > len(shown) and one_party:
        return f"{', '.join(name for name, _ in shown)} m.fl. ({one_party})"
    runs: list[list[tuple[str, str]]] = []
    for name, party in shown:
        if grouped and party and runs and runs[-1][0][1] == party:
            runs[-1].append((name, party))
        else:
            runs.append([(name, party)])
    texts = [_run_with_party(run) for run in runs]
    if len(people) > len(shown):
        return f"{', '.join(texts)} m.fl."
    # 'Anna Ek och Per Berg (båda mp) samt Bo Ås (s)': not one "och" inside another
    return get_text_list(texts, "samt" if len(texts) < len(shown) else "och")


def _run_with_party(run: list[tuple[str, str]]) -> str:
    """'Ann Ek (S)', 'Ann Ek och Bo Ek (båda S)', 'Ann Ek, Bo Ek och Eva Ek (alla S)'."""
    name, party = run[0]
    if len(run) == 1:
        return f"{name} ({party})" if party else name
    everyone = "båda" if len(run) == 2 else "alla"
    return f"{get_text_list([n for n, _ in run], 'och')} ({everyone} {party})"


def count(n: int, singular: str, plural: str) -> str:
    """A number with its word in Swedish, singular only for one: '1 ärende', '0 ärenden',
    '2 ärenden'."""
    return f"{n} {singular if n == 1 else plural}"
