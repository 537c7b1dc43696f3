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
1. Opposite stance ("X did" / "X did not", "X did" / "reports that X did are
   false"; `factdiff.lang.annotate`) with at least `OVERLAP` of each claim's
   content words shared, so the two are one statement: contradict, kind
   `status`. A short claim inside a long one is not the same statement ("Bale
   won't play Jobs" / "after talks to play Jobs, Bale parted ways"), and a
   question takes no stance, so it contradicts nothing.
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

from factdiff.lang.annotate import read_cues
from factdiff.lang.lexicon import NEGATIONS
from factdiff.models import CandidateGroup, Claim, RelatedClaims, Verdict
from factdiff.normalize import fold

OVERLAP = 0.6


def _content(claim: Claim) -> set[str]:
    return {word for word in re.findall(r"[a-z]{4,}", fold(claim.statement)) if word not in NEGATIONS}


def _overlap(claims: Sequence[Claim], *, of_largest: bool = False) -> float:
    """Shared content words as a share of the smallest claim's (or, with of_largest, the largest's)."""
    words = [_content(claim) for claim in claims]
    size = (max if of_largest else min)(len(w) for w in words)
    if not size:
        return 0.0
    return len(set.intersection(*words)) / size


def _stances(claims: Sequence[Claim]) -> set[str]:
    """Each claim's stance toward what the claims share: a negation counts only where it governs a shared
    word ("could not go further" says nothing against "the offer was fair")."""
    shared = set.intersection(*(_content(claim) for claim in claims))
    stances = set()
    for claim in claims:
        cues = read_cues(claim.statement)
        negates_shared = cues.negated and bool({fold(w) for w in cues.negated_words} & shared)
        if cues.question:
            stances.add("asks")
        else:
            stances.add("disputes" if cues.denial or cues.verdict or negates_shared else "affirms")
    return stances


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
        polarities = _stances(group.claims)
        confidence = round(min(0.7, 0.3 + overlap / 2), 2)
        same_statement = _overlap(group.claims, of_largest=True) >= OVERLAP
        if same_statement and polarities == {"affirms", "disputes"}:
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
