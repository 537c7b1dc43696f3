from __future__ import annotations

import pytest

from factdiff.evals import snapshot, snapshot_changes
from factdiff.models import (
    Article,
    Consensus,
    Contradiction,
    NameVariant,
    NameVariantForm,
    Provenance,
    Report,
    Span,
    UniqueDetail,
)
from factdiff.scoring import Gold, score

A = "The ferry left at dawn on Tuesday. Twelve people were hurt. The mayor, Ana Kral, said it was calm."
B = "The ferry left on Wednesday. Seventeen people were hurt. Mayor Ana Kraal said the sea was calm."


def _span(article: str, text: str, quote: str) -> Span:
    start = text.index(quote)
    return Span(article=article, start=start, end=start + len(quote), quote=quote)


def _report(contradictions: list[Contradiction], unique: list[UniqueDetail] = ()) -> Report:
    return Report(
        articles=[Article(id="a", path="a.txt", text=A), Article(id="b", path="b.txt", text=B)],
        contradictions=contradictions,
        unique_details=list(unique),
        consensus=[
            Consensus(
                id="K1",
                statement="The sea was calm.",
                articles=["a", "b"],
                independent_sources=2,
                evidence=[_span("a", A, "said it was calm"), _span("b", B, "said the sea was calm")],
            )
        ],
        name_variants=[
            NameVariant(
                id="N1",
                canonical="Ana Kral",
                kind="person",
                forms=[
                    NameVariantForm(form="Ana Kral", articles=["a"]),
                    NameVariantForm(form="Ana Kraal", articles=["b"]),
                ],
            )
        ],
        provenance=Provenance(backend="test", factdiff_version="0", heuristic=True),
    )


def _contradiction(cid: str, first: Span, second: Span) -> Contradiction:
    return Contradiction(
        id=cid, kind="number", severity="high", confidence=0.9, explanation="x", sides=[[first], [second]]
    )


GOLD = Gold.model_validate(
    {
        "description": "two ferry reports",
        "articles": {"a": {"outlet": "A"}, "b": {"outlet": "B"}},
        "contradictions": [
            {
                "id": "g1",
                "kind": "number",
                "sides": [
                    [{"article": "a", "quote": "Twelve people were hurt"}],
                    [{"article": "b", "quote": "Seventeen people were hurt"}],
                ],
            },
            {
                "id": "g2",
                "kind": "time",
                "sides": [
                    [{"article": "a", "quote": "on Tuesday"}],
                    [{"article": "b", "quote": "on Wednesday"}],
                ],
            },
        ],
        "unique_details": [{"id": "u1", "article": "a", "quote": "at dawn"}],
        "consensus": [
            {
                "id": "k1",
                "statement": "calm",
                "sides": [
                    {"article": "a", "quote": "it was calm"},
                    {"article": "b", "quote": "the sea was calm"},
                ],
            }
        ],
        "name_variants": [{"canonical": "Ana Kral", "forms": ["Ana Kral", "Ana Kraal"]}],
        "not_contradictions": [
            {
                "id": "t1",
                "why": "x",
                "sides": [[{"article": "a", "quote": "Ana Kral"}], [{"article": "b", "quote": "Ana Kraal"}]],
            }
        ],
    }
)


def test_contradiction_matches_when_both_sides_overlap_gold_sides_in_either_order():
    found = _contradiction("C1", _span("b", B, "Seventeen"), _span("a", A, "Twelve people"))
    scores = score(_report([found]), GOLD)
    assert scores.contradictions.matched_gold == 1
    assert scores.contradictions.missed == ["g2"]
    assert scores.contradictions.precision == 1.0
    assert scores.contradictions.recall == 0.5


def test_one_side_overlapping_is_a_false_alarm_and_traps_are_named():
    wrong = _contradiction("C1", _span("a", A, "Twelve"), _span("b", B, "the sea was calm"))
    trap = _contradiction("C2", _span("a", A, "Ana Kral"), _span("b", B, "Ana Kraal"))
    scores = score(_report([wrong, trap]), GOLD)
    assert scores.contradictions.false_alarms == ["C1", "C2"]
    assert scores.contradictions.precision == 0.0
    assert scores.traps_reported == ["t1"]


def test_duplicate_predictions_of_one_gold_item_are_not_false_alarms_but_count_once():
    first = _contradiction("C1", _span("a", A, "Twelve"), _span("b", B, "Seventeen"))
    again = _contradiction("C2", _span("a", A, "people were hurt"), _span("b", B, "Seventeen people"))
    scores = score(_report([first, again]), GOLD)
    assert scores.contradictions.matched_gold == 1
    assert scores.contradictions.false_alarms == []


def test_unique_consensus_and_variants_are_scored_by_overlap():
    unique = UniqueDetail(
        id="U1",
        article="a",
        quote="left at dawn",
        start=A.index("left at dawn"),
        end=A.index("left at dawn") + 12,
        statement="x",
    )
    metrics = score(_report([], [unique]), GOLD).metrics()
    assert metrics["unique_details_recall"] == 1.0
    assert metrics["consensus_f1"] == 1.0
    assert metrics["name_variants_f1"] == 1.0
    assert metrics["contradictions_recall"] == 0.0


def test_a_gold_quote_missing_from_its_article_is_a_broken_fixture():
    broken = GOLD.model_copy(
        update={"unique_details": [GOLD.unique_details[0].model_copy(update={"quote": "at noon"})]}
    )
    with pytest.raises(ValueError, match="not found verbatim"):
        score(_report([]), broken)


def test_snapshot_changes_name_the_finding_that_moved():
    before = snapshot(_report([_contradiction("C1", _span("a", A, "Twelve"), _span("b", B, "Seventeen"))]))
    after = snapshot(_report([]))
    changes = snapshot_changes(before, after)
    assert len(changes) == 1
    assert changes[0].startswith("contradictions: no longer found:")
    assert "Twelve" in changes[0] and "Seventeen" in changes[0]
    assert snapshot_changes(after, after) == []
