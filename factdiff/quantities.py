"""Counts and amounts in a sentence, in digits or words, with their qualifiers and units.

The diff engine compares these across articles ("at least 155" vs "two"), so a
number is only reported when it is a count or amount: years, dates, clock
times, ordinals and the pronoun "one" are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdiff.lang.inflect import singular
from factdiff.lang.lexicon import (
    CURRENCY_SYMBOLS,
    NOUN_PHRASE_STOPWORDS,
    NUMBER_QUALIFIERS,
    ONE_PRONOUN_BEFORE,
    ONES,
    PERCENT_WORDS,
    SCALES,
    TENS,
    VAGUE_PLURALS,
)
from factdiff.models import Quantity, QuantityQualifier
from factdiff.text import Token, tokenize
from factdiff.timeref import find_times

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?|[^\w\s]")
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_RANGE_JOINERS = {"to", "-", "–", "—"}
_MAX_UNIT_WORDS = 4


@dataclass(frozen=True)
class _Number:
    value: float
    end: int
    """Index of the first token after the number."""
    vague: bool = False
    approximate: bool = False


def find_quantities(sentence: str) -> list[tuple[Quantity, int, int]]:
    """Every count or amount in `sentence`, with the offsets of its full text (qualifier and unit included)."""
    tokens = tokenize(sentence, _TOKEN)
    time_spans = [(start, end) for _, start, end in find_times(sentence, None)]
    found: list[tuple[Quantity, int, int]] = []
    i = 0
    while i < len(tokens):
        parsed = _parse_at(sentence, tokens, i, time_spans)
        if parsed is None:
            i += 1
            continue
        quantity, start, end, next_index = parsed
        found.append((quantity, start, end))
        i = next_index
    return found


def _parse_at(
    sentence: str, tokens: list[Token], i: int, time_spans: list[tuple[int, int]]
) -> tuple[Quantity, int, int, int] | None:
    number = _parse_number(tokens, i)
    if (
        number is None
        or _inside(tokens[i].start, time_spans)
        or _is_identifier_part(sentence, tokens[i].start, tokens[i].end)
    ):
        return None
    first = tokens[i]
    end_index = number.end
    high: float | None = None
    joiner = tokens[end_index] if end_index < len(tokens) else None
    between = i > 0 and tokens[i - 1].lower == "between"
    if joiner is not None and (joiner.lower in _RANGE_JOINERS or (between and joiner.lower == "and")):
        upper = _parse_number(tokens, end_index + 1)
        if upper is not None and upper.value > number.value and not upper.vague:
            high, end_index = upper.value, upper.end
    unit_word, unit, end_index = _unit_after(tokens, end_index, number)
    currency = i > 0 and tokens[i - 1].text in CURRENCY_SYMBOLS
    if currency and unit is None:
        unit = CURRENCY_SYMBOLS[tokens[i - 1].text]
    if first.lower == "one" and (unit is None or _one_is_pronoun(tokens, i)):
        return None
    if _looks_like_year(first.text, unit_word) or _continues_a_date(tokens, i, time_spans):
        return None
    qualifier, start = _qualifier_before(tokens, i)
    if qualifier == "exact":
        if number.vague:
            qualifier = "vague"
        elif number.approximate:
            qualifier = "about"
    if currency:
        start = tokens[i - 1].start
    if between and high is not None:
        start = tokens[i - 1].start
    end = tokens[end_index - 1].end
    text = sentence[start:end]
    return (
        Quantity(text=text, value=number.value, high=high, qualifier=qualifier, unit=unit),
        start,
        end,
        end_index,
    )


def _parse_number(tokens: list[Token], i: int) -> _Number | None:
    """A number starting at token `i`: digits, number words, 'a dozen', or a vague plural like 'thousands'."""
    if i >= len(tokens):
        return None
    word = tokens[i].lower
    if _DIGITS.fullmatch(word):
        value = float(word.replace(",", ""))
        return _apply_scales(tokens, i + 1, value)
    if word in VAGUE_PLURALS:
        value, j = VAGUE_PLURALS[word], i + 1
        # "tens of thousands", "hundreds of millions"
        if j + 1 < len(tokens) and tokens[j].lower == "of" and tokens[j + 1].lower in VAGUE_PLURALS:
            value, j = value * VAGUE_PLURALS[tokens[j + 1].lower], j + 2
        return _Number(value, j, vague=True)
    if word == "a" and i + 1 < len(tokens):
        following = tokens[i + 1].lower
        if following == "dozen":
            return _Number(12, i + 2, approximate=True)
        if following in SCALES:
            return _apply_scales(tokens, i + 1, 1)
        return None
    if word in ONES or word in TENS:
        value = ONES.get(word, TENS.get(word, 0))
        j = i + 1
        if word in TENS and j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j + 1].lower in ONES:
            value += ONES[tokens[j + 1].lower]
            j += 2
        if j < len(tokens) and tokens[j].lower == "dozen":
            return _Number(value * 12, j + 1, approximate=True)
        return _apply_scales(tokens, j, value)
    return None


def _apply_scales(tokens: list[Token], j: int, value: float) -> _Number:
    while j < len(tokens) and tokens[j].lower in SCALES:
        value *= SCALES[tokens[j].lower]
        j += 1
    return _Number(value, j)


def _unit_after(tokens: list[Token], j: int, number: _Number) -> tuple[str | None, str | None, int]:
    """What is counted, as written and singularised, and the index after it.

    'percent', the word after a hyphen ('30-day'), or the head of the noun phrase that follows.
    """
    if j >= len(tokens):
        return None, None, j
    token = tokens[j]
    if token.text == "%" or token.lower in PERCENT_WORDS:
        return token.lower, "percent", j + 1
    if token.lower == "per" and j + 1 < len(tokens) and tokens[j + 1].lower == "cent":
        return "cent", "percent", j + 2
    if token.text == "-" and token.start == tokens[j - 1].end and j + 1 < len(tokens):
        word = tokens[j + 1]
        if word.text.isalpha() and word.start == token.end:
            end = j + 2
            # "11-year-old": keep the whole compound in the text, the first word as the unit
            while end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end + 1].text.isalpha():
                end += 2
            return word.lower, singular(word.lower), end
    k = j + 1 if number.vague and token.lower == "of" else j
    words, k = _noun_phrase(tokens, k)
    if words and not _looks_plural(words[-1].lower) and k < len(tokens) and tokens[k].lower in {"and", "or"}:
        # "55 attack and decoy drones": the count belongs to the head after the conjunction
        more, after = _noun_phrase(tokens, k + 1)
        if more and _looks_plural(more[-1].lower):
            words, k = words + more, after
    if not words:
        return None, None, j
    return words[-1].lower, singular(words[-1].lower), k


def _noun_phrase(tokens: list[Token], k: int) -> tuple[list[Token], int]:
    """Up to a few words from token `k`, ending at a function word, punctuation or a plural noun."""
    words: list[Token] = []
    while k < len(tokens) and len(words) < _MAX_UNIT_WORDS:
        candidate = tokens[k]
        if not candidate.text.isalpha() or candidate.lower in NOUN_PHRASE_STOPWORDS:
            break
        if _parse_number(tokens, k) is not None:
            break
        words.append(candidate)
        k += 1
        if _looks_plural(candidate.lower):
            break
    return words, k


def _looks_plural(word: str) -> bool:
    return singular(word) != word


def _qualifier_before(tokens: list[Token], i: int) -> tuple[QuantityQualifier, int]:
    """The longest qualifier phrase ending right before token `i` ('at least', 'nearly', 'more than')."""
    for length in (3, 2, 1):
        if i - length < 0:
            continue
        phrase = " ".join(t.lower for t in tokens[i - length : i])
        if phrase in NUMBER_QUALIFIERS:
            return NUMBER_QUALIFIERS[phrase], tokens[i - length].start
    return "exact", tokens[i].start


def _one_is_pronoun(tokens: list[Token], i: int) -> bool:
    before = tokens[i - 1].lower if i > 0 else ""
    after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return before in ONE_PRONOUN_BEFORE or after in {"of", "another"}


def _looks_like_year(text: str, unit_word: str | None) -> bool:
    """'the 2022 invasion' is a year; '2000 troops' is a count."""
    if not text.isdigit() or len(text) != 4 or not 1800 <= int(text) <= 2100:
        return False
    return unit_word is None or not _looks_plural(unit_word)


def _continues_a_date(tokens: list[Token], i: int, time_spans: list[tuple[int, int]]) -> bool:
    """'April 27 and 28', '3 and 4 May': a bare number joined to a date is another day, not a count."""
    if not tokens[i].text.isdigit() or not 1 <= int(tokens[i].text) <= 31:
        return False
    joiners = {"and", "or", ",", "to", "-", "–"}
    after_date = i >= 2 and tokens[i - 1].lower in joiners and _inside(tokens[i - 2].start, time_spans)
    before_date = (
        i + 2 < len(tokens) and tokens[i + 1].lower in joiners and _inside(tokens[i + 2].start, time_spans)
    )
    return after_date or before_date


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _is_identifier_part(sentence: str, start: int, end: int) -> bool:
    """'F-16', 'G7', 'file_2.mp4', '3rd': digits glued to letters are names or ordinals, not counts."""
    before = sentence[start - 1] if start > 0 else " "
    after = sentence[end] if end < len(sentence) else " "
    if before.isalpha() or before in "_/#" or after.isalpha() or after == "_":
        return True
    if after == "." and end + 1 < len(sentence) and sentence[end + 1].isalpha():
        return True
    return before == "-" and start >= 2 and sentence[start - 2].isalpha()
