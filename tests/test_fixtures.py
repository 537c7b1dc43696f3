"""The bundled corpora are data others rely on: gold quotes and authored evidence must be verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdiff.authoring import load_authored, load_related
from factdiff.evals import discover, load_config, load_gold
from factdiff.ingest import load_articles
from factdiff.scoring import GoldQuote, locate

from .conftest import EXAMPLE, REPO

FIXTURES = discover(REPO / "evals")
CORPORA = [*FIXTURES, EXAMPLE]


def _gold_quotes(corpus: Path) -> list[GoldQuote]:
    """Every quote a finding rests on: both sides of contradictions, and unique details."""
    gold = load_gold(corpus)
    quotes = [q for c in gold.contradictions for side in c.sides for q in side]
    return quotes + [GoldQuote(article=u.article, quote=u.quote) for u in gold.unique_details]


def test_there_are_at_least_three_fixtures_of_different_event_types():
    assert len({load_config(f).event_type for f in FIXTURES}) >= 3


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_every_gold_quote_is_verbatim_in_the_cleaned_article(corpus: Path):
    gold = load_gold(corpus)
    articles = {a.id: a for a in load_articles([str(corpus / "articles")])}
    assert set(gold.articles) == set(articles)
    quotes = _gold_quotes(corpus)
    quotes += [q for k in gold.consensus for q in k.sides]
    quotes += [q for t in gold.not_contradictions for side in t.sides for q in side]
    for quote in quotes:
        locate(quote, articles)  # raises when a quote is not verbatim


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_authored_answers_quote_the_articles_and_cover_every_gold_quote(fixture: Path):
    articles = {a.id: a for a in load_articles([str(fixture / "articles")])}
    authored = load_authored(fixture)
    assert set(authored) == set(articles)
    evidence: dict[str, list[tuple[int, int]]] = {name: [] for name in articles}
    for name, answer in authored.items():
        for claim in answer.claims:
            for quote in claim.evidence:
                span = locate(GoldQuote(article=name, quote=quote), articles)
                evidence[name].append((span.start, span.end))
    for quote in _gold_quotes(fixture):
        span = locate(quote, articles)
        assert any(s <= span.start and span.end <= e for s, e in evidence[quote.article]), quote


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_authored_related_claims_name_claims_the_authored_answers_make(fixture: Path):
    """Claim ids are `<article>#c<n>` in authored order (every authored claim carries evidence)."""
    authored = load_authored(fixture)
    ids = {f"{name}#c{n}" for name, answer in authored.items() for n in range(1, len(answer.claims) + 1)}
    related = load_related(fixture)
    assert related.groups, "write authored/related.json from the claim list, without the gold"
    for group in related.groups:
        assert set(group.claims) <= ids, group.question
        assert len({claim_id.split("#")[0] for claim_id in group.claims}) >= 2, group.question
