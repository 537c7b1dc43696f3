"""Rule verdicts for the candidate groups the diff engine sends.

The offline judge relates no claims beyond the alignment's word matching
(`relate` returns nothing): pairing "eight cars, a van and a bus" with "14
vehicles" takes a reader. The diff engine sends two sorts of group:
contradictions its typed checks (number, time, place, quote, status,
modality) proposed, and related claims (similar wording, shared entities) no
check settled. The offline judge applies these rules, in order, to each group:

0. A proposed contradiction is confirmed, with the proposed kind: the typed
   checks are the offline backend's own reading, so there is nothing to
   review them against. (A model judge may veto them.)
1. Opposite polarity ("X did" / "X did not") with at least `OVERLAP` of the
   shorter claim's content words shared: contradict, kind `status`.
2. Same polarity with at least `OVERLAP` of content words shared: agree.
3. Some but fewer shared content words: complementary (same topic, different details).
4. Otherwise: unrelated.

Content words are lower-cased words of four letters or more; the negation
itself is excluded so it cannot count as overlap. Confidence grows with the
overlap and stays below 0.7: these are word-level guesses, not readings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdiff.lang.lexicon import NEGATIONS
from factdiff.models import CandidateGroup, Claim, RelatedClaims, Verdict
from factdiff.normalize import fold

OVERLAP = 0.6


def _content(claim: Claim) -> set[str]:
    return {word for word in re.findall(r"[a-z]{4,}", fold(claim.statement)) if word not in NEGATIONS}


def _overlap(claims: Sequence[Claim]) -> float:
    words = [_content(claim) for claim in claims]
    smallest = min(len(w) for w in words)
    if not smallest:
        return 0.0
    return len(set.intersection(*words)) / smallest


class OfflineJudge:
    """Word-overlap and polarity rules; see the module docstring for the full list."""

    def relate(self, claims: Sequence[Claim]) -> list[RelatedClaims]:
        """Nothing beyond the alignment's word matching: relating differently worded claims needs a reader."""
        return []

    def judge(self, groups: Sequence[CandidateGroup]) -> list[Verdict]:
        return [self._verdict(group) for group in groups]

    def _verdict(self, group: CandidateGroup) -> Verdict:
        if group.proposal is not None:
            return Verdict(
                group=group.id,
                relation="contradict",
                kind=group.proposal.kind,
                confidence=0.7,
                reason=group.proposal.explanation,
            )
        overlap = _overlap(group.claims)
        polarities = {claim.polarity for claim in group.claims}
        confidence = round(min(0.7, 0.3 + overlap / 2), 2)
        if overlap >= OVERLAP and len(polarities) > 1:
            return Verdict(
                group=group.id,
                relation="contradict",
                kind="status",
                confidence=confidence,
                reason=f"One article asserts and another denies the same statement ({overlap:.0%} shared words).",
            )
        if overlap >= OVERLAP:
            return Verdict(
                group=group.id, relation="agree", confidence=confidence, reason="Same words, same polarity."
            )
        if overlap > 0:
            return Verdict(
                group=group.id,
                relation="complementary",
                confidence=confidence,
                reason=f"Same topic with different details ({overlap:.0%} shared words).",
            )
        return Verdict(
            group=group.id, relation="unrelated", confidence=0.5, reason="No shared content words."
        )
