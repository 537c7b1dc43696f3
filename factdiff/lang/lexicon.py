"""The language data in `data/*.toml` as typed, immutable constants, loaded once at import.

General English news vocabulary only: nothing here may name a person, place or
phrase of any particular story, because the rules run on corpora nobody has seen
while writing them. Each file says what its lists are for; a list of words is one
whitespace-separated string, a list whose order matters is an array.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, NamedTuple

from factdiff.models import QuantityQualifier

DATA_FILES: tuple[str, ...] = (
    "briefing",
    "bylines",
    "calendar",
    "families",
    "instructions",
    "languages",
    "numbers",
    "people",
    "places",
    "sentences",
    "stance",
    "stopwords",
    "verbs",
    "verdicts",
)
"""The topic files in `factdiff/lang/data/`, without the `.toml` suffix."""


@cache
def load(name: str) -> MappingProxyType[str, Any]:
    """One data file, parsed (the loader's own tests read every file through this)."""
    with resources.files(__package__).joinpath("data", f"{name}.toml").open("rb") as file:
        return MappingProxyType(tomllib.load(file))


def _words(name: str, key: str) -> frozenset[str]:
    return frozenset(load(name)[key].split())


def _mapping(name: str, key: str) -> MappingProxyType[str, Any]:
    return MappingProxyType(dict(load(name)[key]))


def alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    """A regex group matching any of `words`, longest first so a word never stops at its own prefix."""
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w))) + ")"


# --- briefing.toml --------------------------------------------------------------------------------
WHAT_DIFFERS: MappingProxyType[str, str] = _mapping("briefing", "what_differs")
KIND_WEIGHTS: MappingProxyType[str, float] = _mapping("briefing", "kind_weights")

# --- instructions.toml ---------------------------------------------------------------------------
TURN_OPENERS: frozenset[str] = _words("instructions", "turn_openers")
TURN_CLOSERS: frozenset[str] = _words("instructions", "turn_closers")
TURN_LABELS: tuple[str, ...] = tuple(load("instructions")["turn_labels"])
MODEL_NOUNS: frozenset[str] = _words("instructions", "model_nouns")
INSTRUCTION_VERBS: frozenset[str] = _words("instructions", "instruction_verbs")
INSTRUCTION_OBJECTS: frozenset[str] = _words("instructions", "instruction_objects")
INSTRUCTION_FILLERS: frozenset[str] = _words("instructions", "instruction_fillers")
OBLIGATIONS: tuple[str, ...] = tuple(load("instructions")["obligations"])
SECOND_PERSON: frozenset[str] = _words("instructions", "second_person")

# --- numbers.toml ---------------------------------------------------------------------------------
ONES: MappingProxyType[str, int] = _mapping("numbers", "ones")
TENS: MappingProxyType[str, int] = _mapping("numbers", "tens")
SCALES: MappingProxyType[str, int] = _mapping("numbers", "scales")
VAGUE_PLURALS: MappingProxyType[str, int] = _mapping("numbers", "vague_plurals")
NUMBER_QUALIFIERS: MappingProxyType[str, QuantityQualifier] = _mapping("numbers", "qualifiers")
CURRENCY_SYMBOLS: MappingProxyType[str, str] = _mapping("numbers", "currency_symbols")
PERCENT_WORDS: frozenset[str] = _words("numbers", "percent_words")
PARTITIVE_PRONOUNS: frozenset[str] = _words("numbers", "partitive_pronouns")
ONE_PRONOUN_BEFORE: frozenset[str] = _words("numbers", "one_pronoun_before")
SINGULAR_EXCEPTIONS: MappingProxyType[str, str] = _mapping("numbers", "singular_exceptions")

# --- bylines.toml --------------------------------------------------------------------------------
BYLINE_LEADS: frozenset[str] = _words("bylines", "byline_leads")
BYLINE_LINKS: frozenset[str] = _words("bylines", "byline_links")
SOURCE_LABELS: frozenset[str] = _words("bylines", "source_labels")
COPYRIGHT_WORDS: frozenset[str] = _words("bylines", "copyright_words")
DATE_LABELS: frozenset[str] = _words("bylines", "date_labels")
DATE_LINE_WORDS: frozenset[str] = DATE_LABELS | _words("bylines", "date_line_words")
"""Words a line that only states a date may hold besides the date."""
BYLINE_ROLES: frozenset[str] = _words("bylines", "byline_roles")
SECTION_NAMES: frozenset[str] = _words("bylines", "section_names")

# --- calendar.toml --------------------------------------------------------------------------------
MONTHS: MappingProxyType[str, int] = _mapping("calendar", "months")
WEEKDAYS: tuple[str, ...] = tuple(load("calendar")["weekdays"])
TIME_WORDS: frozenset[str] = _words("calendar", "time_words")
DATE_LEADS: frozenset[str] = _words("calendar", "date_leads")
DEICTIC_LEADS: frozenset[str] = _words("calendar", "deictic_leads")
WEEKDAY_LEADS: frozenset[str] = _words("calendar", "weekday_leads")
PARTS_OF_DAY: frozenset[str] = _words("calendar", "parts_of_day")
RELATIVE_DAYS: frozenset[str] = _words("calendar", "relative_days")
RELATIVE_PERIODS: frozenset[str] = _words("calendar", "relative_periods")
REPORTING_PERIODS: frozenset[str] = _words("calendar", "reporting_periods")

# --- stopwords.toml -------------------------------------------------------------------------------
FUNCTION_WORDS: frozenset[str] = _words("stopwords", "function_words")
NOUN_PHRASE_STOPWORDS: frozenset[str] = FUNCTION_WORDS | _words("stopwords", "number_phrase_ends")
"""Words that end the noun phrase after a number ('two men *were* captured')."""
UNINFORMATIVE_WORDS: frozenset[str] = _words("stopwords", "uninformative_words")
DETERMINERS: frozenset[str] = _words("stopwords", "determiners")

# --- verbs.toml -----------------------------------------------------------------------------------
SPEECH_VERBS: frozenset[str] = _words("verbs", "speech_verbs")
INVERTED_SPEECH_VERBS: frozenset[str] = _words("verbs", "inverted_speech_verbs")
COMMON_VERBS: frozenset[str] = _words("verbs", "common_verbs")
AUXILIARIES: frozenset[str] = _words("verbs", "auxiliaries")
ADVERBS_BEFORE_VERB: frozenset[str] = _words("verbs", "adverbs_before_verb")
IRREGULAR_VERB_FORMS: MappingProxyType[str, str] = _mapping("verbs", "irregular_verb_forms")

# --- people.toml ----------------------------------------------------------------------------------
HONORIFICS: frozenset[str] = _words("people", "honorifics")
TITLE_WORDS: frozenset[str] = _words("people", "titles") | HONORIFICS
"""Words that, before a capitalised name, mark the name as a person."""
PRE_NAME_WORDS: frozenset[str] = TITLE_WORDS | _words("people", "title_modifiers")
"""Words that precede a person's name without being part of it ("former foreign minister")."""
PERSON_ROLES: frozenset[str] = TITLE_WORDS | _words("people", "role_nouns")
"""Nouns for people: 'the lawmaker said' refers back to the last person quoted."""
INSTITUTIONS: frozenset[str] = _words("people", "institutions")
ROLE_NOUNS: frozenset[str] = PERSON_ROLES | INSTITUTIONS
"""Nouns that can head an unnamed speaker ('the ministry said', 'a senior official said')."""
ORGANISATION_WORDS: frozenset[str] = _words("people", "organisation_words")
PEOPLE_NOUNS: frozenset[str] = _words("people", "people_nouns")
PEOPLE_GROUPS: frozenset[str] = _words("people", "people_groups")
PRONOUN_SPEAKERS: frozenset[str] = _words("people", "pronoun_speakers")
NAME_CONNECTORS: frozenset[str] = _words("people", "name_connectors")
NAME_PARTICLES: frozenset[str] = _words("people", "name_particles")

# --- places.toml ----------------------------------------------------------------------------------
PLACE_DIVISIONS: frozenset[str] = _words("places", "divisions")
PLACE_SETTLEMENTS: frozenset[str] = _words("places", "settlements")
PLACE_SUFFIXES: frozenset[str] = (
    PLACE_DIVISIONS | PLACE_SETTLEMENTS | _words("places", "features") | _words("places", "structures")
)
"""Nouns after a capitalised word that make it a place name ('X Bridge', 'the X region')."""
COMPASS_WORDS: frozenset[str] = _words("places", "compass_words")
PLACE_NOUNS: frozenset[str] = _words("places", "numbered_places")
TERRITORY_WORDS: frozenset[str] = _words("places", "territory_words")
SAINT_WORDS: frozenset[str] = _words("places", "saint_words")
LOCATIVES: frozenset[str] = _words("places", "locatives")
DEMONYM_ENDINGS: tuple[str, ...] = tuple(load("places")["demonym_endings"])
COUNTRY_ALIASES: frozenset[str] = frozenset(load("places")["country_aliases"])
WORLD_REGIONS: frozenset[str] = frozenset(load("places")["world_regions"])

# --- sentences.toml -------------------------------------------------------------------------------
SENTENCE_STARTERS: frozenset[str] = _words("sentences", "sentence_starters")
ABBREVIATIONS: frozenset[str] = _words("sentences", "abbreviations")

# --- stance.toml ----------------------------------------------------------------------------------
DENIAL_PATTERNS: tuple[str, ...] = tuple(load("stance")["denial"])
NON_COMMITTAL_PATTERNS: tuple[str, ...] = tuple(load("stance")["non_committal"])
UNVERIFIED_PATTERNS: tuple[str, ...] = tuple(load("stance")["unverified"])
ALLEGED_PATTERNS: tuple[str, ...] = tuple(load("stance")["alleged"])
REPORTED_PATTERNS: tuple[str, ...] = tuple(load("stance")["reported"])
NO_RESPONSE_PATTERNS: tuple[str, ...] = tuple(load("stance")["no_response"])
RESPONSES: tuple[str, ...] = tuple(load("stance")["responses"])
NEGATIONS: frozenset[str] = _words("stance", "negations")
NOBODY: frozenset[str] = frozenset(load("stance")["nobody"])
NEGATORS: frozenset[str] = _words("stance", "negators")

SUPPORTED_LANGUAGES: frozenset[str] = _words("languages", "supported")
CANDIDATE_LANGUAGES: tuple[str, ...] = tuple(load("languages")["candidates"].split())
LANGUAGE_NAMES: MappingProxyType[str, str] = _mapping("languages", "names")
ENGLISH_MARKERS: frozenset[str] = _words("languages", "english_markers")

VERDICT_WORDS: frozenset[str] = _words("verdicts", "verdict_words")
VERDICT_ADJECTIVES: frozenset[str] = _words("verdicts", "verdict_adjectives")
VERDICT_PHRASES: tuple[str, ...] = tuple(load("verdicts")["verdict_phrases"])
TRUTH_WORDS: frozenset[str] = _words("verdicts", "truth_words")
DENIAL_VERBS: frozenset[str] = _words("verdicts", "denial_verbs")
REPORT_NOUNS: frozenset[str] = _words("verdicts", "report_nouns")
HEDGES: frozenset[str] = _words("verdicts", "hedges")
CLAUSE_BREAKS: frozenset[str] = _words("verdicts", "clause_breaks")
REPORT_OPENERS: frozenset[str] = _words("verdicts", "report_openers")
NOT_ADJECTIVES: frozenset[str] = _words("verdicts", "not_adjectives")


class ExclusiveStates(NamedTuple):
    """Two states one thing cannot be in at once, as patterns; `person` when they describe a person."""

    label: str
    one: str
    other: str
    person: bool


EXCLUSIVE_STATES: tuple[ExclusiveStates, ...] = tuple(
    ExclusiveStates(row["label"], row["one"], row["other"], row["person"])
    for row in load("stance")["exclusive_states"]
)

# --- families.toml --------------------------------------------------------------------------------
WORD_FAMILIES: MappingProxyType[str, str] = MappingProxyType(
    {word: head for head, words in load("families")["families"].items() for word in words.split()}
)
"""Word -> the head of its family ("detain" -> "capture")."""
SET_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (row["pattern"], row["means"]) for row in load("families")["set_phrases"]
)
"""(case-insensitive pattern, the word it means), applied in order."""
