"""The judge's review of rule findings, and its verdict on related pairs no rule settles.

Pairs no rule settles, from articles of different origins, go to the
backend's `Judge` when they are at least `JUDGE_THRESHOLD` similar or the
judge itself related them (`Judge.relate`: claims answering one question in
different words). Related pairs go first, then the most similar, within
`MAX_JUDGE_GROUPS`; pairs worded the same (wire copies) share one
verdict. The judge also reviews every rule finding and may drop or retype it,
but a judge that fails or skips a group leaves the rule's finding standing.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from factdiff.align import Alignment, CandidatePair
from factdiff.backend import Judge
from factdiff.diff._findings import _Finding
from factdiff.models import CandidateGroup, Proposal, RelatedClaims
from factdiff.normalize import fold

JUDGE_THRESHOLD = 0.25
MAX_JUDGE_GROUPS = 150
"""Undecided pairs put to the judge per run, most similar first: a model judge takes 8 per call."""


def _related_pairs(related: Sequence[RelatedClaims], alignment: Alignment) -> list[CandidatePair]:
    """The judge's related claims as cross-article pairs, scored like the alignment's, its own pairs reused."""
    scored = {frozenset((pair.a.claim.id, pair.b.claim.id)): pair for pair in alignment.pairs}
    pairs: dict[frozenset[str], CandidatePair] = {}
    for group in related:
        views = [alignment.views[claim_id] for claim_id in group.claims if claim_id in alignment.views]
        for a, b in combinations(views, 2):
            ids = frozenset((a.claim.id, b.claim.id))
            if a.claim.article != b.claim.article and ids not in pairs:
                pairs[ids] = scored.get(ids) or CandidatePair(a, b, alignment.similarity(a, b))
    return list(pairs.values())


def _for_review(
    pairs: Sequence[CandidatePair], related: Sequence[CandidatePair] = ()
) -> list[list[CandidatePair]]:
    """Undecided pairs for the judge: those it related first, then the most similar, within `MAX_JUDGE_GROUPS`.

    Pairs whose two statements read the same as an earlier pair's (wire copies
    repeat sentences) ride along with it: one verdict covers them all.
    """
    by_wording: dict[frozenset[str], list[CandidatePair]] = {}
    by_similarity = [sorted(group, key=lambda p: -p.similarity) for group in (related, pairs)]
    for pair in [*by_similarity[0], *by_similarity[1]]:
        wording = frozenset((fold(pair.a.claim.statement), fold(pair.b.claim.statement)))
        same = by_wording.setdefault(wording, [])
        if all(pair is not other for other in same):
            same.append(pair)
    return list(by_wording.values())[:MAX_JUDGE_GROUPS]


def _judged(
    proposed: list[_Finding], undecided: Sequence[list[CandidatePair]], judge: Judge
) -> list[_Finding]:
    """One judge call reviews the rules' findings, pair by pair before merging, and decides the undecided pairs.

    A rule finding stays, with the kind the judge gives it, unless the judge
    answers with another relation: a judge that fails or skips a group leaves
    the rule's word standing.
    """
    groups = [
        CandidateGroup(
            id=f"R{n}",
            claims=list({claim.id: claim for side in finding.sides for claim in side}.values()),
            proposal=Proposal(kind=finding.kind, explanation=finding.explanation),
        )
        for n, finding in enumerate(proposed, start=1)
    ]
    groups += [
        CandidateGroup(id=f"G{n}", claims=[same[0].a.claim, same[0].b.claim])
        for n, same in enumerate(undecided, start=1)
    ]
    if not groups:
        return []
    verdicts = {verdict.group: verdict for verdict in judge.judge(groups)}
    kept = []
    for n, finding in enumerate(proposed, start=1):
        verdict = verdicts.get(f"R{n}")
        if verdict is not None and verdict.relation != "contradict":
            continue
        if verdict is not None and verdict.kind is not None:
            finding.kind = verdict.kind
        kept.append(finding)
    for group, same in zip(groups[len(proposed) :], undecided, strict=True):
        verdict = verdicts.get(group.id)
        if verdict is None or verdict.relation != "contradict":
            continue
        kept.extend(
            _Finding(
                "judged",
                verdict.kind or "other",
                "high" if verdict.confidence >= 0.8 else "medium" if verdict.confidence >= 0.5 else "low",
                verdict.confidence,
                verdict.reason,
                [[pair.a.claim], [pair.b.claim]],
            )
            for pair in same
        )
    return kept
