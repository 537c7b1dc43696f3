"""One named person given two ages by two outlets ("Nikolai, 12," / "18-year-old Nikolai").

News gives a person's age in apposition after the name or as "N-year-old" before
it. Such sentences often share little beyond the name, so the check runs over
the whole corpus, like the person-state check: the same person key (the
alignment's, so spelling variants meet) with two different ages in articles of
different origin is a number contradiction. Articles published more than a year
apart are not compared: the person may have had a birthday.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from factdiff.align import Alignment
from factdiff.diff._findings import _Finding
from factdiff.lang.lexicon import ONES, TENS
from factdiff.models import Claim

_NAME = r"((?:[A-Z][\w'’-]+\s){0,2}[A-Z][\w'’-]+)"
_NUMBER = r"(\d{1,3}|[A-Za-z]+(?:-[a-z]+)?)"
_AFTER_NAME = re.compile(_NAME + r",\s(\d{1,3}),")
_BEFORE_NAME = re.compile(_NUMBER + r"-year-old\s" + _NAME)


def _age(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    parts = text.lower().split("-")
    total = sum(TENS.get(part, ONES.get(part, -1000)) for part in parts)
    return total if total > 0 else None


def _ages(claim: Claim) -> list[tuple[str, int, str]]:
    """(name, age, the words stating it) for each person the claim gives an age."""
    found = []
    for match in _AFTER_NAME.finditer(claim.statement):
        found.append((match.group(1), int(match.group(2)), match.group(0).rstrip(",")))
    for match in _BEFORE_NAME.finditer(claim.statement):
        age = _age(match.group(1))
        if age is not None:
            found.append((match.group(2), age, match.group(0)))
    return found


def _age_conflicts(
    claims: Sequence[Claim],
    alignment: Alignment,
    origin: Mapping[str, str],
    published: Mapping[str, date | None],
) -> list[_Finding]:
    by_person: dict[str, dict[int, list[tuple[Claim, str]]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        for name, age, words in _ages(claim):
            key = alignment.keys.key(name.split()[-1])
            if key and key.startswith("person:"):
                by_person[key][age].append((claim, words))
    findings = []
    for ages in by_person.values():
        if len(ages) < 2:
            continue
        first, second = sorted(ages.items(), key=lambda item: (-len(item[1]), item[0]))[:2]
        sides = [[claim for claim, _ in first[1]], [claim for claim, _ in second[1]]]
        if {origin[c.article] for c in sides[0]} & {origin[c.article] for c in sides[1]}:
            continue
        dates = [published.get(c.article) for side in sides for c in side]
        known = [d for d in dates if d]
        if known and (max(known) - min(known)).days > 365:
            continue
        stated = {claim.id: text for age_claims in (first[1], second[1]) for claim, text in age_claims}
        findings.append(
            _Finding(
                "ages",
                "number",
                "medium",
                0.6,
                f"One named person is given two ages: {first[0]} ({', '.join(sorted({c.article for c in sides[0]}))}) "
                f"vs {second[0]} ({', '.join(sorted({c.article for c in sides[1]}))}).",
                sides,
                stated,
            )
        )
    return findings
