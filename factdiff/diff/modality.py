"""Assertion vs allegation: one article states as fact what another calls an allegation or unverified.

A claim's modality is the extractor's label, corrected from its wording
("alleged", "unverified", or a belief or account such as "told us they
believed"). Claims must be at least `MODALITY_THRESHOLD` similar, so that the
event is the same, and a fact stated by a named speaker is that speaker's
account, not the outlet's assertion, so it raises no alarm. A sentence that
mentions the allegation only to dispute it ("X denied the claim that ...",
"X has not resigned, as was claimed") is a status matter, not this one.
"""

from __future__ import annotations

import re
from datetime import date

from factdiff.align import CandidatePair, content_stems, stem
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import read_cues
from factdiff.models import Claim, ContradictionKind
from factdiff.normalize import (
    Gazetteer,
    allegation_clause,
    says_allegation,
    says_unverified,
    unverified_clause,
)

MODALITY_THRESHOLD = 0.4
"""Assertion-vs-allegation and verified-vs-unverified need claims this similar: the event must be the same."""


def _modality(claim: Claim) -> str:
    """The claim's modality, or one read from its wording when the extractor left the default."""
    text = claim.statement
    if claim.speaker and claim.modality == "confirmed":
        return "reported"
    if claim.modality == "unverified" or says_unverified(text):
        return "unverified"
    if claim.modality == "alleged" or says_allegation(text):
        return "alleged"
    if claim.modality == "confirmed" and (_BELIEF.search(text) or read_cues(text).hedged):
        return "reported"
    return claim.modality


def _opening_clause(text: str) -> str:
    """The sentence up to its first clause break: a denial there governs what follows ("X denied the claim
    that Y"); one after it answers an allegation the sentence has already made ("Y, a charge X denies")."""
    return _CLAUSE_BREAK.split(text, maxsplit=1)[0]


_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]")


def _negates(hedged: Claim, stated: Claim) -> bool:
    """The hedged claim negates a word the stated one affirms: it mentions the allegation to deny it."""
    negated = {stem(word) for word in read_cues(hedged.statement).negated_words}
    affirmed = content_stems(stated.statement) - {
        stem(word) for word in read_cues(stated.statement).negated_words
    }
    return bool(negated & affirmed)


_BELIEF = re.compile(r"\b(?:told|believed?|believes|suspect(?:s|ed)?|thought)\b", re.IGNORECASE)
"""Someone's belief or account, not the outlet's own assertion ("workers told us they believed ...")."""


def _modality_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < MODALITY_THRESHOLD:
        return None
    for claim in (a, b):
        if read_cues(claim.statement).verdict or read_cues(_opening_clause(claim.statement)).denial:
            return None  # "claims that X did were false", "X denied the claim": a status matter, not modality
    modal = {_modality(a): a, _modality(b): b}
    if "confirmed" in modal and modal["confirmed"].speaker:
        return None
    if "confirmed" not in modal:
        return None
    stated = modal["confirmed"]
    cues: tuple[tuple[str, ContradictionKind, str], ...] = (
        ("unverified", "status", "calls it unverified"),
        ("alleged", "assertion_vs_allegation", "reports it as an allegation or claim"),
    )
    for other, kind, label in cues:
        if other in modal:
            hedged = modal[other]
            clause = (allegation_clause if other == "alleged" else unverified_clause)(hedged.statement)
            if clause is not None and len(content_stems(clause) & content_stems(stated.statement)) < 2:
                return None  # the cue is about something else the sentence mentions
            if _negates(hedged, stated):
                return None  # "X has not resigned, as was claimed" disputes the claim: a status matter
            return _Finding(
                "modality_finding",
                kind,
                "medium",
                round(min(0.8, 0.2 + pair.similarity), 2),
                f"Same fact (similarity {pair.similarity:.2f}): {stated.article} states it as fact, "
                f"{hedged.article} {label}.",
                [[stated], [hedged]],
            )
    return None
