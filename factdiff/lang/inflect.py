"""Singulars and verb forms through lemminflect's dictionary, instead of hand-written suffix rules ("buses" ->
"bus")."""

from __future__ import annotations

from functools import lru_cache

from factdiff.lang.lexicon import SINGULAR_EXCEPTIONS


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """The noun's singular, lower case: enough to compare 'soldiers' with 'soldier', 'wages' with 'wage'.

    A word the dictionary knows as a noun takes its lemma ("children" -> "child"); any other word only
    when it looks plural, because lemminflect's rules for unknown words also strip "-ed" and "-us"
    ("injured" stays, "hazardous" is no plural).
    """
    from lemminflect import getLemma

    word = word.lower()
    if word in SINGULAR_EXCEPTIONS:
        return SINGULAR_EXCEPTIONS[word]
    known: tuple[str, ...] = getLemma(word, upos="NOUN", lemmatize_oov=False)
    if known:
        return known[0]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        guessed: tuple[str, ...] = getLemma(word, upos="NOUN")
        return guessed[0] if guessed else word
    return word


@lru_cache(maxsize=65536)
def known_verb(word: str) -> bool:
    """The dictionary knows the word as a form of a verb ("causing"; not "wrongdoing" or "everything")."""
    from lemminflect import getAllLemmas

    return "VERB" in getAllLemmas(word.lower())
