"""Scoring a report against gold labels written by a careful reader.

Gold labels quote the articles verbatim; matching is by span overlap, so a
finding counts when it points at the same words as the reader did, whatever
its wording. Used by `factdiff eval` and by the seed measurements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from factdiff.models import Article, ContradictionKind, Report, Span


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldQuote(_Gold):
    article: str
    quote: str


class GoldContradiction(_Gold):
    id: str
    kind: ContradictionKind
    note: str = ""
    sides: list[list[GoldQuote]] = Field(min_length=2, max_length=2)


class GoldUnique(_Gold):
    id: str
    article: str
    quote: str
    note: str = ""


class GoldConsensus(_Gold):
    id: str
    statement: str
    sides: list[GoldQuote] = Field(min_length=2)


class GoldVariant(_Gold):
    canonical: str
    forms: list[str] = Field(min_length=2)


class GoldTrap(_Gold):
    id: str
    why: str
    sides: list[list[GoldQuote]] = Field(min_length=2)


class GoldArticle(_Gold):
    outlet: str
    published: str | None = None


class Gold(_Gold):
    """What a careful reader finds in one corpus (`gold.json`)."""

    description: str
    articles: dict[str, GoldArticle]
    contradictions: list[GoldContradiction]
    unique_details: list[GoldUnique]
    consensus: list[GoldConsensus]
    name_variants: list[GoldVariant] = Field(default_factory=list)
    shared_origins: list[list[str]] = Field(default_factory=list)
    not_contradictions: list[GoldTrap] = Field(default_factory=list)


class Score(BaseModel):
    predicted: int
    gold: int
    matched_predicted: int
    matched_gold: int
    missed: list[str] = Field(default_factory=list, description="Gold ids no prediction matched.")
    false_alarms: list[str] = Field(default_factory=list, description="Predicted ids matching no gold item.")

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Scores(BaseModel):
    contradictions: Score
    unique_details: Score
    consensus: Score
    name_variants: Score
    traps_reported: list[str] = Field(
        description="Gold traps (not contradictions) that were reported as one."
    )
    kind_accuracy: float = Field(
        default=1.0, description="Share of found gold contradictions reported with the gold kind."
    )
    wrong_kinds: list[str] = Field(
        default_factory=list, description="Found gold ids reported with another kind."
    )

    def metrics(self) -> dict[str, float]:
        """Flat `<finding>_<metric>` numbers, the names thresholds use."""
        flat: dict[str, float] = {}
        for name in ("contradictions", "unique_details", "consensus", "name_variants"):
            score: Score = getattr(self, name)
            flat |= {
                f"{name}_precision": score.precision,
                f"{name}_recall": score.recall,
                f"{name}_f1": score.f1,
            }
        return flat | {"contradictions_kind_accuracy": self.kind_accuracy}


def locate(quote: GoldQuote, articles: dict[str, Article]) -> Span:
    """A gold quote as a span; a quote not found verbatim is a broken fixture, said loudly."""
    article = articles.get(quote.article)
    if article is None:
        raise ValueError(f"gold names article {quote.article!r}, which is not in the corpus")
    start = article.text.find(quote.quote)
    if start < 0:
        raise ValueError(f"gold quote not found verbatim in {quote.article!r}: {quote.quote!r}")
    return Span(article=quote.article, start=start, end=start + len(quote.quote), quote=quote.quote)


def _overlaps(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def _side_hits(side: Sequence[Span], gold_side: Sequence[Span]) -> bool:
    return any(_overlaps(s, g) for s in side for g in gold_side)


def _pair_matches(sides: Sequence[Sequence[Span]], gold_sides: Sequence[Sequence[Span]]) -> bool:
    """Two different predicted sides overlap the two gold sides."""
    first, second = gold_sides
    return any(
        _side_hits(a, first) and _side_hits(b, second)
        for i, a in enumerate(sides)
        for j, b in enumerate(sides)
        if i != j
    )


P = TypeVar("P")
G = TypeVar("G")


def _match(
    predicted: Sequence[tuple[str, P]], gold: Sequence[tuple[str, G]], same: Callable[[P, G], bool]
) -> Score:
    """Greedy one-to-one matching in input order: each gold item is credited at most once."""
    used: set[str] = set()
    matched_predicted = 0
    for _, item in predicted:
        hit = next((gid for gid, g in gold if gid not in used and same(item, g)), None)
        if hit is None:
            hit = next((gid for gid, g in gold if same(item, g)), None)  # a duplicate of a found item
        if hit is not None:
            used.add(hit)
            matched_predicted += 1
    false_alarms = [pid for pid, item in predicted if not any(same(item, g) for _, g in gold)]
    return Score(
        predicted=len(predicted),
        gold=len(gold),
        matched_predicted=matched_predicted,
        matched_gold=len(used),
        missed=[gid for gid, _ in gold if gid not in used],
        false_alarms=false_alarms,
    )


def score(report: Report, gold: Gold) -> Scores:
    articles = {a.id: a for a in report.articles}

    def spans(quotes: Sequence[GoldQuote]) -> list[Span]:
        return [locate(q, articles) for q in quotes]

    gold_contradictions = [(g.id, [spans(side) for side in g.sides]) for g in gold.contradictions]
    predicted_contradictions = [(c.id, c.sides) for c in report.contradictions]
    traps = [(t.id, [spans(side) for side in t.sides]) for t in gold.not_contradictions]

    gold_unique = [
        (g.id, locate(GoldQuote(article=g.article, quote=g.quote), articles)) for g in gold.unique_details
    ]
    predicted_unique = [
        (u.id, Span(article=u.article, start=u.start, end=u.end, quote=u.quote))
        for u in report.unique_details
    ]

    gold_consensus = [(g.id, spans(g.sides)) for g in gold.consensus]
    predicted_consensus = [(k.id, k.evidence) for k in report.consensus]

    gold_variants = [(g.canonical, {f.casefold() for f in g.forms}) for g in gold.name_variants]
    predicted_variants = [(v.id, {f.form.casefold() for f in v.forms}) for v in report.name_variants]

    contradictions = _match(predicted_contradictions, gold_contradictions, _pair_matches)
    found = len(gold.contradictions) - len(contradictions.missed)
    wrong_kinds = [
        g.id
        for g, (_, sides) in zip(gold.contradictions, gold_contradictions, strict=True)
        if g.id not in contradictions.missed
        and not any(c.kind == g.kind and _pair_matches(c.sides, sides) for c in report.contradictions)
    ]
    return Scores(
        kind_accuracy=1 - len(wrong_kinds) / found if found else 1.0,
        wrong_kinds=wrong_kinds,
        contradictions=contradictions,
        unique_details=_match(predicted_unique, gold_unique, _overlaps),
        consensus=_match(
            predicted_consensus,
            gold_consensus,
            lambda pred, g: sum(any(_overlaps(p, s) for p in pred) for s in g) >= 2,
        ),
        name_variants=_match(predicted_variants, gold_variants, lambda pred, g: len(pred & g) >= 2),
        traps_reported=[
            tid for tid, sides in traps if any(_pair_matches(c.sides, sides) for c in report.contradictions)
        ],
    )
