"""A registry number's shape, as the municipality's profile writes it: a pattern of its parts in
any order with any separators. `{diarium}` the registry's code (KS), `{år}` the year, `{nr}` the
löpnummer (`{nr:4}` with leading zeros to four digits), `{klass}` the case's classification code
(left out, with the separator before it, for a case without one):

    {diarium} {år}/{nr}            KS 2023/1387
    {år}/{diarium} {nr:4}          2022/KS 0247
    {år}/{diarium} {nr:4} {klass}  2021/KS 0033 001
    {nr}/{år} {diarium}            1387/2023 KS
    {diarium} {år}/{nr}-{klass}    KS 2023/1387-107

Printing and reading back follow the same pattern (`dnr_format`, `dnr_read`)."""

import re
from functools import lru_cache

TOKEN = re.compile(r"\{(diarium|år|nr|klass)(?::(\d))?\}")
PARTS = {  # what each part may be when a dnr is read back
    "diarium": r"(?P<prefix>[A-ZÅÄÖ]{1,10})",
    "år": r"(?P<year>\d{4})",
    "nr": r"(?P<sequence>\d{1,9})",
    "klass": r"(?P<classification>[0-9A-ZÅÄÖ.]{1,20})",
}
DEFAULT = "{diarium} {år}/{nr}"


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern, in Swedish; empty if nothing."""
    tokens = list(TOKEN.finditer(pattern))
    names = [m[1] for m in tokens]
    problems = [
        f"Mönstret saknar {{{part}}}." for part in ("diarium", "år", "nr") if part not in names
    ]
    problems += [f"{{{n}}} står två gånger." for n in sorted(set(names)) if names.count(n) > 1]
    if "{" in TOKEN.sub("", pattern) or "}" in TOKEN.sub("", pattern):
        problems.append("Okänd del inom klammer; delarna är {diarium}, {år}, {nr} och {klass}.")
    for before, after in zip(tokens, tokens[1:], strict=False):
        if before.end() == after.start():  # two parts side by side cannot be told apart
            problems.append(f"Skilj {before[0]} och {after[0]} åt med ett tecken.")
    return problems


def dnr_format(
    pattern: str, prefix: str, year: int, sequence: int, classification: str = ""
) -> str:
    def part(match: re.Match) -> str:
        name, digits = match[1], int(match[2] or 0)
        return {
            "diarium": prefix,
            "år": str(year),
            "nr": str(sequence).zfill(digits),
            "klass": classification,
        }[name]

    if not classification:  # no classification: its part goes, with the separator before it
        pattern = re.sub(r"[^{}\w]*\{klass(?::\d)?\}", "", pattern)
    return TOKEN.sub(part, pattern)


@lru_cache(maxsize=32)
def _regex(pattern: str) -> re.Pattern:
    """The pattern as a regular expression; separators match themselves, and any run of spaces
    matches one; the classification (with its separator) may be left out."""
    out, at = [], 0
    for match in TOKEN.finditer(pattern):
        literal = pattern[at : match.start()]
        piece = PARTS[match[1]]
        if match[1] == "klass":
            out.append(f"(?:{_literal(literal)}{piece})?")
        else:
            out.append(_literal(literal) + piece)
        at = match.end()
    out.append(_literal(pattern[at:]))
    return re.compile("^" + "".join(out) + "$")


def _literal(text: str) -> str:
    return " ".join(re.escape(word) for word in text.split(" ")).replace(r"\ ", " ")


def dnr_read(pattern: str, text: str) -> tuple[str, int, int] | None:
    """(prefix, year, sequence) of a dnr written as the pattern says, or None."""
    match = _regex(pattern).match(" ".join(text.split()).upper())
    if match is None:
        return None
    return match["prefix"], int(match["year"]), int(match["sequence"])
