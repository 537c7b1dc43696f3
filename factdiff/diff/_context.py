"""Whether two values in two claims are about the same thing, shared by the slot checks and consensus.

Two numbers, days or places disagree only if they say something about the
same thing, so a value is compared only with a value of the other claim that
sits among the same content words (`CONTEXT_WORDS` either side, stopping at
the claim's other values of the same unit, which have their own context) and
next to no clashing nationality: "two North Korean soldiers" and "three
Russian soldiers" count different people and raise no alarm. `_counterpart`
picks, for a quantity of one claim, the quantity of the other that counts the
same thing; the number check compares those two and consensus requires them
to agree.
"""

from __future__ import annotations

import re

from factdiff.align import content_stems, plain, stem
from factdiff.lang.lexicon import DEMONYM_ENDINGS, REPORTING_PERIODS, alternation
from factdiff.models import Claim, Quantity
from factdiff.normalize import Gazetteer, units_comparable

CONTEXT_WORDS = 4
"""Common content words either side of a value that say what is counted or located and what happened."""


def _counterpart(a: Claim, quantity: Quantity, b: Claim, gazetteer: Gazetteer) -> Quantity | None:
    """The quantity of `b` that counts what `quantity` counts in `a`: same unit, most shared context words."""
    context = _own_context(a, quantity)
    scored = [
        (len(context & _own_context(b, other)), index, other)
        for index, other in enumerate(b.quantities)
        if units_comparable(quantity, other) and _same_thing(a, quantity.text, b, other.text, gazetteer)
    ]
    return max(scored, key=lambda item: (item[0], -item[1]))[2] if scored else None


_ELSEWHERE = "\x00"


def _own_context(claim: Claim, quantity: Quantity) -> set[str]:
    """Context words of one quantity that stop at the claim's other counts of the same unit (they have their own)."""
    text = claim.statement
    for other in claim.quantities:
        if other is not quantity and other.text != quantity.text and units_comparable(other, quantity):
            text = text.replace(other.text, _ELSEWHERE)
    return _context(text, quantity.text)


def _context(text: str, value: str) -> set[str]:
    at = text.find(value)
    if at < 0:
        return set(content_stems(text))
    head, tail = text[:at].rsplit(_ELSEWHERE, 1)[-1], text[at + len(value) :].split(_ELSEWHERE, 1)[0]
    # sorted: a word may give two stems ("photo-journalist"), and a set's order must not pick which are kept
    before = [
        s for word in plain(head).split() if not word[:1].isupper() for s in sorted(content_stems(word))
    ]
    after = [s for word in plain(tail).split() if not word[:1].isupper() for s in sorted(content_stems(word))]
    return set(before[-CONTEXT_WORDS:] + after[:CONTEXT_WORDS])


def _nationalities(text: str, value: str, gazetteer: Gazetteer) -> set[str]:
    """Countries of the demonyms next to a value ("two North Korean soldiers" -> KP)."""
    at = max(0, text.find(value))
    window = " ".join(
        text[:at].split()[-2 * CONTEXT_WORDS :]
        + [value]
        + text[at + len(value) :].split()[: 2 * CONTEXT_WORDS]
    )
    found = set()
    for match in re.finditer(
        rf"\b(?:North |South |New )?[A-Z][a-z]+{alternation(DEMONYM_ENDINGS)}\b", window
    ):
        place = gazetteer.country_of_demonym(match.group())
        if place:
            found.add(place.country)
    return found


def _same_thing(a: Claim, value_a: str, b: Claim, value_b: str, gazetteer: Gazetteer) -> bool:
    """Shared context words, and no clash of nationality, period or described noun around the two values."""
    if not (_context(a.statement, value_a) & _context(b.statement, value_b)) - {"people"}:
        return False
    if _period(a.statement, value_a) != _period(b.statement, value_b):
        return False
    noun_a, noun_b = _described_noun(a.statement, value_a), _described_noun(b.statement, value_b)
    if noun_a and noun_b and stem(noun_a) != stem(noun_b):
        return False
    nations_a = _nationalities(a.statement, value_a, gazetteer)
    nations_b = _nationalities(b.statement, value_b, gazetteer)
    return not nations_a or not nations_b or bool(nations_a & nations_b)


_PERIOD = alternation(REPORTING_PERIODS)
_EARLIER_PERIOD = re.compile(
    rf"\b(?:(?:a|one|the) {_PERIOD}s? (?:earlier|before|ago)|last {_PERIOD}"
    rf"|(?:previous|prior) {_PERIOD}|year-(?:ago|earlier)|in (?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _period(text: str, value: str) -> str | None:
    """An earlier period named right after a value ("a loss of 95 million a year earlier"): a figure for
    another time. Only the next word or two count: further on, the period belongs to something else."""
    at = text.find(value)
    after = text[at + len(value) :].split()[:6] if at >= 0 else []
    found = _EARLIER_PERIOD.match(" ".join(after)) or _EARLIER_PERIOD.match(" ".join(after[1:]))
    return found.group().lower() if found else None


def _described_noun(text: str, value: str) -> str | None:
    """The noun a hyphenated measure describes ("a one-year pay freeze" -> freeze): "a one-year freeze" and
    "a three-year deal" are two different things, not two lengths of one."""
    if "-" not in value:
        return None
    tail = text[text.find(value) + len(value) :] if value in text else ""
    words = re.findall(r"[^\W\d_]+", tail)[:3]
    nouns = [word for word in words if word.lower() not in {"and", "or", "of", "long"}]
    return nouns[-1] if len(nouns) >= 2 else (nouns[0] if nouns else None)
