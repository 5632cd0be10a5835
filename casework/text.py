"""Swedish wording helpers shared by pages and the printed utlåtande."""

import datetime


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
