"""Numbers that disagree about the same thing ("12 dead" in one article, "15 dead" in another).

Claims are compared only when at least `SLOT_THRESHOLD` similar (or
`EVENT_COUNT_THRESHOLD`, when both count one unit next to the same casualty,
arrest or rescue word: "nine people died" / "eleven people have died"), and each
quantity only with the quantity of the other claim, in a comparable unit, that
counts the same thing (most shared context words, no clash of nationalities).
No alarm is raised when the two are compatible (qualifiers such as "at least",
"more than" and ranges are taken into account), when the other value matches
another count of the first claim, when the second claim names the first
value bare elsewhere ("six soldiers, capturing two of them"), or when only one
of the two is part of another count ("27 patients, three of them died"), nor
for a figure in a claim that calls what it reports false. A
number after a place noun ("Pier 7" / "Pier 9") is reported as two different
places.
"""

from __future__ import annotations

import re
from datetime import date

from factdiff.align import CandidatePair
from factdiff.diff._context import _context, _counterpart
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import read_cues
from factdiff.lang.lexicon import ONES, PARTITIVE_PRONOUNS, PLACE_NOUNS, alternation
from factdiff.models import Claim, Quantity
from factdiff.normalize import Gazetteer, fold, quantities_compatible, units_comparable

SLOT_THRESHOLD = 0.3
"""Numbers and places are compared only between claims at least this similar, and only when the words
around the two values share content words (the same thing counted or located)."""


EVENT_COUNT_THRESHOLD = 0.22
"""Claims less similar than `SLOT_THRESHOLD`, but at least this, are compared when they count one event."""
EVENT_COUNTS = frozenset({"kill", "injure", "capture", "evacuate", "rescue"})
"""Word-family heads (see `align.stem`) of the events news counts and outlets dispute."""


def _number_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < EVENT_COUNT_THRESHOLD:
        return None
    if read_cues(a.statement).verdict or read_cues(b.statement).verdict:
        return None  # "bogus rumours that three people died" states no count: a status matter
    for qa in a.quantities:
        qb = _counterpart(a, qa, b, gazetteer)
        if qb is None or quantities_compatible(qa, qb) or _partitive(a, qa) != _partitive(b, qb):
            continue
        if pair.similarity < SLOT_THRESHOLD and not _counts_one_event(a, qa, b, qb):
            continue
        if any(
            quantities_compatible(qb, other)
            for other in a.quantities
            if other is not qa and units_comparable(qb, other)
        ):
            continue
        if _names_value_elsewhere(b, qa):
            continue
        place = _place_noun(a.statement, qa.text) or _place_noun(b.statement, qb.text)
        what = (
            f"different {place} numbers, so different places"
            if place
            else "figures that cannot both be right"
        )
        return _Finding(
            "number_finding",
            "place" if place else "number",
            "high",
            round(min(0.9, 0.3 + pair.similarity), 2),
            f"The same fact is told with {what}: “{_named_number(a, qa)}” in {a.article}, "
            f"“{_named_number(b, qb)}” in {b.article}, "
            "after allowing for words such as “about” and “at least”.",
            [[a], [b]],
            {a.id: _named_number(a, qa), b.id: _named_number(b, qb)},
        )
    return None


def _counts_one_event(a: Claim, qa: Quantity, b: Claim, qb: Quantity) -> bool:
    """Both count people or things of one unit next to the same casualty or arrest word ("nine people died" /
    "eleven people have died"): the count is the fact, whatever else the sentences say."""
    shared = _context(a.statement, qa.text) & _context(b.statement, qb.text)
    return bool(qa.unit and qb.unit and shared & EVENT_COUNTS)


_PARTITIVE = rf"\s+of\s+{alternation(PARTITIVE_PRONOUNS)}\b"


def _partitive(claim: Claim, quantity: Quantity) -> bool:
    """ "Three of them" counts part of another count of the claim: it is compared only with another part."""
    return bool(re.search(re.escape(quantity.text) + _PARTITIVE, claim.statement, re.IGNORECASE))


def _place_noun(text: str, value: str) -> str | None:
    """The noun a number names a place with ("Pier 7", "gate 12"), when the number follows one."""
    for found in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
        before = text[: found.start()].split()[-1:]
        if before and fold(before[0]) in PLACE_NOUNS:
            return before[0]
    return None


def _named_number(claim: Claim, quantity: Quantity) -> str:
    """The disputed words: the number with the noun naming a place by it ("Pier 7"), or the number alone."""
    noun = _place_noun(claim.statement, quantity.text)
    return f"{noun} {quantity.text}" if noun else quantity.text


def _names_value_elsewhere(claim: Claim, quantity: Quantity) -> bool:
    """The claim also names the same number bare ("six soldiers, capturing two of them"): no clash."""
    if quantity.value is None:
        return False
    if any(other.value == quantity.value and other.unit is None for other in claim.quantities):
        return True
    text = claim.statement
    for other in claim.quantities:
        text = text.replace(other.text, " ")
    return _mentions_value(text, quantity.value)


def _mentions_value(text: str, value: float) -> bool:
    """The other claim names the same number somewhere ("... six soldiers, capturing two of them")."""
    words = {word for word, number in ONES.items() if number == value}
    if value == int(value):
        words.add(str(int(value)))
    return any(re.search(rf"\b{re.escape(word)}\b", fold(text)) for word in words)
