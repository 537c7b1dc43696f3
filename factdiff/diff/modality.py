"""Assertion vs allegation: one article states as fact what another calls an allegation or unverified.

A claim's modality is the extractor's label, corrected from its wording
("alleged", "unverified", or a belief or account such as "told us they
believed"). Claims must be at least `MODALITY_THRESHOLD` similar, so that the
event is the same, and a fact stated by a named speaker is that speaker's
account, not the outlet's assertion, so it raises no alarm.
"""

from __future__ import annotations

import re
from datetime import date

from factdiff.align import CandidatePair, content_stems
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import read_cues
from factdiff.models import Claim
from factdiff.normalize import Gazetteer, allegation_clause, says_allegation, says_unverified

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


_BELIEF = re.compile(r"\b(?:told|believed?|believes|suspect(?:s|ed)?|thought)\b", re.IGNORECASE)
"""Someone's belief or account, not the outlet's own assertion ("workers told us they believed ...")."""


def _modality_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < MODALITY_THRESHOLD:
        return None
    if read_cues(a.statement).verdict or read_cues(b.statement).verdict:
        return None  # "claims that X did were false" disputes X: a status matter, not a modality one
    modal = {_modality(a): a, _modality(b): b}
    if "confirmed" in modal and modal["confirmed"].speaker:
        return None
    if "confirmed" not in modal:
        return None
    stated = modal["confirmed"]
    for other, kind, label in (
        ("unverified", "status", "calls it unverified"),
        ("alleged", "assertion_vs_allegation", "reports it as an allegation or claim"),
    ):
        if other in modal:
            hedged = modal[other]
            clause = allegation_clause(hedged.statement) if other == "alleged" else None
            if clause is not None and len(content_stems(clause) & content_stems(stated.statement)) < 2:
                return None  # the allegation is about something else the sentence mentions
            return _Finding(
                "modality_finding",
                kind,  # type: ignore[arg-type]
                "medium",
                round(min(0.8, 0.2 + pair.similarity), 2),
                f"Same fact (similarity {pair.similarity:.2f}): {stated.article} states it as fact, "
                f"{hedged.article} {label}.",
                [[stated], [hedged]],
            )
    return None
