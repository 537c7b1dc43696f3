"""The diff engine: contradictions, unique details, consensus and name variants from claims.

A false alarm costs the reader more than a silence, so every typed check
first asks whether two claims are about the same thing (alignment score,
same speaker or subject) and only then compares one slot: numbers (each
matched to the number of the other claim that counts the same thing),
weekdays, locations (by gazetteer country, or by name for places it does not
know), quotes, states that exclude each other, response status and modality.
Sides quote the clause holding the disputed words, not the whole sentence.
Spelling variants of names are resolved before any comparison, so they
surface as `NameVariant`s, never as disagreements. Pairs no rule settles, but
which look related or which the backend's `Judge` relates itself, go to that
judge, which also reviews every rule finding.
Consensus is built only from claims that agree with each other, and unique
details only from claims with a number, name, date or several words no
other article has.

This package holds `diff()`, which runs the checks and assembles the result;
one module per kind of disagreement (`numbers`, `times`, `places`, `quotes`,
`status`, `modality`); `judging` for the judge's review; `summary` for unique
details, consensus and name variants; and private helpers shared between them
(`_findings`: findings, merging and numbering; `_context`: whether two values
are about the same thing; `_speakers`: who says a claim).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from factdiff.align import CandidatePair, align
from factdiff.backend import Judge
from factdiff.diff._context import CONTEXT_WORDS
from factdiff.diff._findings import _Finding, _merge, _number
from factdiff.diff._speakers import _same_speaker
from factdiff.diff.ages import _age_conflicts
from factdiff.diff.judging import JUDGE_THRESHOLD, MAX_JUDGE_GROUPS, _for_review, _judged, _related_pairs
from factdiff.diff.modality import MODALITY_THRESHOLD, _modality_finding
from factdiff.diff.numbers import SLOT_THRESHOLD, _number_finding
from factdiff.diff.places import _container_conflicts, _local_place_finding, _place_finding, located_places
from factdiff.diff.quotes import (
    ATTRIBUTION_THRESHOLD,
    QUOTE_CONTEXT_THRESHOLD,
    SAME_WORDING,
    SHARED_RUN_WORDS,
    SHORT_QUOTE_WORDS,
    _quotations,
    _quote_findings,
    _reported_speech_finding,
)
from factdiff.diff.status import (
    STATE_THRESHOLD,
    _nobody_conflicts,
    _person_state_conflicts,
    _response_conflicts,
    _state_findings,
    _unverified_conflicts,
)
from factdiff.diff.summary import NOVEL_WORDS, UNIQUE_OVERLAP, _consensus, _unique_details, name_variants
from factdiff.diff.times import TIME_THRESHOLD, _time_finding
from factdiff.diff.verdicts import _readable, _verdict_conflicts
from factdiff.lang.annotate import annotate
from factdiff.models import Article, Claim, DiffResult
from factdiff.normalize import Gazetteer, shared_gazetteer
from factdiff.origins import origin_of, shared_origins

__all__ = [
    "ATTRIBUTION_THRESHOLD",
    "CONTEXT_WORDS",
    "JUDGE_THRESHOLD",
    "MAX_JUDGE_GROUPS",
    "MODALITY_THRESHOLD",
    "NOVEL_WORDS",
    "QUOTE_CONTEXT_THRESHOLD",
    "SAME_WORDING",
    "SHARED_RUN_WORDS",
    "SHORT_QUOTE_WORDS",
    "SLOT_THRESHOLD",
    "STATE_THRESHOLD",
    "TIME_THRESHOLD",
    "UNIQUE_OVERLAP",
    "diff",
    "located_places",
    "name_variants",
]


def diff(articles: Sequence[Article], claims: Sequence[Claim], judge: Judge) -> DiffResult:
    """Every finding the claims support, with stable ids and order."""
    gazetteer = shared_gazetteer()
    alignment = align(claims, gazetteer)
    published = {article.id: article.published for article in articles}
    origins = shared_origins(articles)
    quoted: dict[str, list[str]] = {}
    for claim in claims:
        quoted.setdefault(claim.article, []).extend(_quotations(claim))
    origin = origin_of(articles, origins)
    findings: list[_Finding] = []
    undecided: list[CandidatePair] = []
    settled: set[frozenset[str]] = set()
    for pair in alignment.pairs:
        found = _check_pair(pair, gazetteer, published, quoted)
        findings.extend(found)
        if found:
            settled.add(frozenset((pair.a.claim.id, pair.b.claim.id)))
        elif (
            pair.similarity >= JUDGE_THRESHOLD
            and origin[pair.a.claim.article] != origin[pair.b.claim.article]
        ):
            undecided.append(pair)
    related = [
        pair
        for pair in _related_pairs(judge.relate(claims), alignment)
        if frozenset((pair.a.claim.id, pair.b.claim.id)) not in settled
        and origin[pair.a.claim.article] != origin[pair.b.claim.article]
    ]
    findings.extend(_container_conflicts(claims, gazetteer))
    findings.extend(_response_conflicts(claims, alignment, published))
    findings.extend(_unverified_conflicts(claims, gazetteer))
    findings.extend(_person_state_conflicts(claims, alignment))
    findings.extend(_nobody_conflicts(claims))
    findings.extend(_age_conflicts(claims, alignment, origin, published))
    annotations = annotate(articles, claims)
    findings.extend(_verdict_conflicts(claims, alignment, annotations, origin))
    judged = _judged(findings, _for_review(undecided, related), judge)
    texts = {article.id: article.text for article in articles}
    kept = [finding for finding in judged if not _both_copies_carry(finding, origin, texts)]
    contradictions = _number(_merge(_readable(kept, annotations)), alignment)
    return DiffResult(
        facts=alignment.facts,
        contradictions=contradictions,
        unique_details=_unique_details(claims, alignment),
        consensus=_consensus(alignment, claims, origin, contradictions, gazetteer),
        name_variants=name_variants(claims, gazetteer),
        shared_origins=origins,
        coverage={fact.id: fact.articles for fact in alignment.facts},
    )


def _both_copies_carry(finding: _Finding, origin: dict[str, str], texts: dict[str, str]) -> bool:
    """Copies of one piece (wire copy, a rewrite) that both carry each side's disputed words ("six soldiers"
    and "two soldiers" in each) do not disagree: only a value one copy changed is a contradiction between
    them. Independent articles are never judged this way."""
    articles = {claim.article for side in finding.sides for claim in side}
    if len({origin[a] for a in articles}) != 1 or not finding.focus:
        return False
    return all(
        words.lower() in texts[article].lower()
        for side in finding.sides
        for claim in side
        if (words := finding.focus.get(claim.id))
        for article in articles
    )


def _check_pair(
    pair: CandidatePair,
    gazetteer: Gazetteer,
    published: dict[str, date | None],
    quoted: dict[str, list[str]],
) -> list[_Finding]:
    a, b = pair.a.claim, pair.b.claim
    found = _state_findings(pair)
    if a.quote and b.quote:
        found += _quote_findings(pair, gazetteer, quoted)  # a figure or day outside the quote still counts
    elif _same_speaker(a, b) is False:
        return found + _reported_speech_finding(pair, gazetteer)
    checks = (_number_finding, _time_finding, _place_finding, _local_place_finding, _modality_finding)
    for check in checks:
        finding = check(pair, gazetteer, published)
        if finding:
            found.append(finding)
    return found
