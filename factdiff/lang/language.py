"""Which language an article is written in, so that only articles the rules can read are compared.

The rules read English. An article in another language would give findings from
sentences they cannot read ("Niemand kam ums Leben." is no statement about a
death toll to them), so it is set aside with a notice instead. Identification is
py3langid's (its model ships in the wheel), restricted to a closed list of
languages: on short English text an open list answers with rare languages.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from factdiff.lang.lexicon import CANDIDATE_LANGUAGES, ENGLISH_MARKERS, LANGUAGE_NAMES, SUPPORTED_LANGUAGES

MIN_LETTERS = 20
"""Below this many letters a text is too short to tell: it is taken as readable."""
PLAINLY_ENGLISH = 0.08
"""Share of English function words above which a text of `PLAIN_WORDS` words or more is English. Measured:
FNC-1 dev bodies (English news) have a median of 0.20 and 1 in 1,148 below 0.08; 80-word runs of German,
French, Spanish, Italian, Dutch and Portuguese text (Universal Dependencies test sets) at most 0.04."""
PLAIN_WORDS = 40


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(CANDIDATE_LANGUAGES))
    return identifier


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it is too short to tell."""
    if len(re.findall(r"[^\W\d_]", text)) < MIN_LETTERS:
        return None
    words = re.findall(r"[^\W\d_]+", text.lower())
    if (
        len(words) >= PLAIN_WORDS
        and sum(word in ENGLISH_MARKERS for word in words) / len(words) >= PLAINLY_ENGLISH
    ):
        return "en"
    code: str = _identifier().classify(text)[0]
    return code


def readable(language: str | None) -> bool:
    """Unknown (too short) counts as readable: a one-line article is not set aside for its length."""
    return language is None or language in SUPPORTED_LANGUAGES


def language_name(code: str) -> str:
    """The English name of a language, for notices ("German"); the code itself when it has none."""
    return LANGUAGE_NAMES.get(code, code)
