"""Quotes that disagree: one speaker quoted with different words, or one statement credited to two people.

A wording difference counts only for the same speaker, for quotes of similar
length that share words (or short labels, `SHORT_QUOTE_WORDS`) in a similar
context, placed on no different day, and only when neither article also
carries the other article's words (then it quotes two statements, not two
wordings of one). A misattribution needs two named people and near-identical
quoted words, or for unquoted statements a shared run of `SHARED_RUN_WORDS`
words, so a paraphrase by two different people is not an alarm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdiff.align import CandidatePair, content_stems
from factdiff.diff._findings import _Finding
from factdiff.diff._speakers import _same_speaker, _speaker, _speaks_as_person
from factdiff.models import Claim
from factdiff.normalize import Gazetteer, distinct, fold, weekday_of
from factdiff.origins import shingles

QUOTE_CONTEXT_THRESHOLD = 0.3
SAME_WORDING = 90
"""rapidfuzz ratio from which two quotes count as one wording (punctuation and case aside)."""
ATTRIBUTION_THRESHOLD = 0.3
SHARED_RUN_WORDS = 6
"""Unquoted statements sharing a run of this many words verbatim, credited to two different named people,
are one statement attributed to two speakers."""
SHORT_QUOTE_WORDS = 6
"""Quotes this short are labels ("groundless"): two labels for one reaction are two wordings of it."""


def _wording(quotes_a: Sequence[str], quotes_b: Sequence[str]) -> float:
    """How alike the closest two quotations are, 0-100; one inside the other counts as 90."""
    from rapidfuzz import fuzz

    return max(
        (
            max(fuzz.ratio(qa, qb), 90.0 if fuzz.partial_ratio(qa, qb) >= 90 else 0.0)
            for qa in quotes_a
            for qb in quotes_b
        ),
        default=0.0,
    )


def _quote_findings(
    pair: CandidatePair, gazetteer: Gazetteer, quoted: dict[str, list[str]]
) -> list[_Finding]:
    a, b = pair.a.claim, pair.b.claim
    assert a.quote and b.quote
    wording = _wording(_quotations(a), _quotations(b))
    # an article that also carries the other article's words quotes two statements, not two wordings of one
    both_said = (
        _wording(_quotations(b), quoted.get(a.article, [])) >= 85
        or _wording(_quotations(a), quoted.get(b.article, [])) >= 85
    )
    same = _same_speaker(a, b)
    people = all(_speaks_as_person(claim, gazetteer) for claim in (a, b))
    if wording >= 85 and same is False and people:
        return [
            _Finding(
                "quote_findings",
                "attribution",
                "high",
                0.7,
                f"The same words (“{a.quote}”) are attributed to {_speaker(a)} by {a.article} "
                f"and to {_speaker(b)} by {b.article}.",
                [[a], [b]],
            )
        ]
    if (
        same
        and wording < SAME_WORDING
        and not both_said
        and _one_statement(a.quote, b.quote, pair)
        and _times_agree(a, b)
    ):
        return [
            _Finding(
                "quote_findings",
                "quote_wording",
                "medium",
                round(min(0.9, 0.4 + pair.similarity), 2),
                f"{_speaker(a)} is quoted saying one thing in the same context in different words: "
                f"“{a.quote}” in {a.article}, “{b.quote}” in {b.article}.",
                [[a], [b]],
            )
        ]
    return []


def _quotations(claim: Claim) -> list[str]:
    """Every quotation in the claim, folded: a sentence often quotes two phrases, the claim keeps one."""
    found = _QUOTATION.findall(claim.statement)
    return distinct(fold(q).strip(" ,.") for q in [*found, claim.quote or ""] if q.strip())


_QUOTATION = re.compile(
    r"(?:[“”\"]|(?<!\w)['‘’])((?:[^“”\"‘’']|(?<=\w)['’](?=\w)){2,}?)(?:[“”\"]|['‘’](?!\w))"
)
"""A quotation between quotation marks; an apostrophe inside a word ("the mayor’s") is none."""


def _one_statement(quote_a: str, quote_b: str, pair: CandidatePair) -> bool:
    """Two wordings of one statement: short labels, or similar-length quotes sharing words, in a similar context."""
    words_a, words_b = content_stems(quote_a), content_stems(quote_b)
    lengths = sorted([len(quote_a.split()), len(quote_b.split())])
    if lengths[1] > 3 * lengths[0] + 2 or pair.similarity < QUOTE_CONTEXT_THRESHOLD:
        return False
    return (
        lengths[1] <= SHORT_QUOTE_WORDS
        or len(words_a & words_b) / max(1, min(len(words_a), len(words_b))) >= 0.3
    )


def _reported_speech_finding(pair: CandidatePair, gazetteer: Gazetteer) -> list[_Finding]:
    """The same unquoted statement credited to two different named people."""
    a, b = pair.a.claim, pair.b.claim
    people = all(_speaks_as_person(claim, gazetteer) for claim in (a, b))
    if not people or pair.similarity < ATTRIBUTION_THRESHOLD:
        return []
    if not shingles(a.statement, SHARED_RUN_WORDS) & shingles(b.statement, SHARED_RUN_WORDS):
        return []
    return [
        _Finding(
            "reported_speech_finding",
            "attribution",
            "high",
            round(min(0.85, 0.2 + pair.similarity), 2),
            f"One statement is credited to {_speaker(a)} by {a.article} and to {_speaker(b)} by {b.article}.",
            [[a], [b]],
        )
    ]


def _times_agree(a: Claim, b: Claim) -> bool:
    days_a = {day for time in a.times if (day := weekday_of(time))}
    days_b = {day for time in b.times if (day := weekday_of(time))}
    return not days_a or not days_b or bool(days_a & days_b)
