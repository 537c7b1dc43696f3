"""Who says a claim, shared by the pair dispatch, the quote checks and name variants.

A speaker is the attributed speaker, or a named person who carries a
quotation longer than a term in scare quotes. Two speakers are the same when their names fold alike or name the
same person (a surname alone, a transliteration), so a spelling variant never
reads as a misattribution. Only capitalised names of two or more words the
gazetteer does not know as places (or surnames the extractor tagged as people)
count as people, so a capital standing for its government is not taken for a
speaker whose words were credited to someone else.
"""

from __future__ import annotations

from factdiff.models import Claim
from factdiff.normalize import Gazetteer, fold, person_name, same_person

TERM_WORDS = 2
"""A quotation this short, with no speaker attributed, is a term in scare quotes ("woke to a red 'trail'"),
not words the claim's subject said."""


def _speaker(claim: Claim) -> str | None:
    """Who is speaking: the attributed speaker, or a named subject that carries a quotation."""
    if claim.speaker:
        return claim.speaker
    if claim.quote and len(claim.quote.split()) > TERM_WORDS and claim.subject and _is_person(claim.subject):
        return claim.subject
    return None


def _same_speaker(a: Claim, b: Claim) -> bool | None:
    """True/False when both speakers are known, None when either is missing."""
    speaker_a, speaker_b = _speaker(a), _speaker(b)
    if not speaker_a or not speaker_b:
        return None
    return fold(person_name(speaker_a)) == fold(person_name(speaker_b)) or same_person(speaker_a, speaker_b)


def _speaks_as_person(claim: Claim, gazetteer: Gazetteer) -> bool:
    """A full name, or a lone surname the extractor tagged as a person ("Holm said ...")."""
    speaker = _speaker(claim) or ""
    tagged = any(entity.kind == "person" and entity.text == speaker for entity in claim.entities)
    return _is_person(speaker, gazetteer) or (tagged and gazetteer.lookup(speaker) is None)


def _is_person(name: str, gazetteer: Gazetteer | None = None) -> bool:
    """A capitalised name of two or more words that the gazetteer does not know as a place."""
    words = person_name(name).split()
    if len(words) < 2 or not all(word[:1].isupper() for word in words):
        return False
    return gazetteer is None or gazetteer.lookup(" ".join(words)) is None
