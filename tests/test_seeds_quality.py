"""Offline diff quality on the real seed articles, against a reader's labels.

The labels quote only short markers (a place, a key word) from the seeds, so
no article text lives in the repository; a finding counts when its sides
overlap the markers' sentences' words, as in every other evaluation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factdiff.ingest import load_articles
from factdiff.models import Report, Span
from factdiff.offline import OfflineBackend
from factdiff.pipeline import run
from factdiff.scoring import Gold, Scores, score

A, B, C, D, E = (
    "000_33992a98a7524bc1",
    "001_2c9e8f4cb1193d02",
    "002_db598f0dae3c7851",
    "003_12ce8c6fb34b4f79",
    "004_4fb5f7077c4bf7d7",
)


def _side(*quotes: tuple[str, str]) -> list[dict[str, str]]:
    return [{"article": article, "quote": quote} for article, quote in quotes]


def _contradiction(gid: str, kind: str, first: list[dict[str, str]], second: list[dict[str, str]]) -> dict:
    return {"id": gid, "kind": kind, "sides": [first, second]}


SEED_GOLD = {
    "description": "Five reports of Ukraine's claim to have captured Chinese nationals fighting for Russia.",
    "articles": {article: {"outlet": article} for article in (A, B, C, D, E)},
    "contradictions": [
        _contradiction(
            "s1",
            "status",
            _side((E, "No immediate responses")),
            _side(
                (A, "Beijing has denied"), (B, "rejected Ukraine’s allegations"), (C, "Beijing firmly denied")
            ),
        ),
        _contradiction(
            "s2",
            "place",
            _side((B, "eastern Donetsk region"), (E, "eastern Donetsk region")),
            _side((D, "within Russian territory")),
        ),
        _contradiction(
            "s3",
            "place",
            _side((A, "Russia’s Kursk Region"), (E, "Kursk Oblast")),
            _side((B, "Ukraine’s Kursk region")),
        ),
        _contradiction(
            "s4",
            "number",
            _side(
                (A, "shows a Chinese citizen"),
                (C, "shows a captured Chinese"),
                (E, "one alleged Chinese captive"),
            ),
            _side((D, "interrogation of the two")),
        ),
        _contradiction(
            "s5",
            "quote_wording",
            _side((A, "“groundless”"), (C, "“groundless,”")),
            _side((B, "“totally unfounded.”")),
        ),
        _contradiction(
            "s6",
            "assertion_vs_allegation",
            _side((D, "two Chinese fighters were captured"), (E, "Capture Chinese Nationals Fighting")),
            _side((A, "Zelensky has alleged"), (C, "Zelensky claimed that two")),
        ),
        _contradiction(
            "s7",
            "status",
            _side((C, "remains unverified")),
            _side((E, "two injured North Korean soldiers"), (D, "North Korean soldiers within")),
        ),
    ],
    "unique_details": [
        {"id": f"u{n}", "article": article, "quote": quote}
        for n, (article, quote) in enumerate(
            [
                (A, "30-day moratorium"),
                (A, "Biden administration"),
                (A, "naming failure"),
                (B, "55 Shahed"),
                (B, "158 Ukrainian drones"),
                (B, "11-year-old girl"),
                (B, "nearly 80 per cent"),
                (B, "Orenburg region"),
                (B, "ready to involve anyone"),
                (C, "Dmitry Peskov"),
                (C, "accused Iran"),
                (D, "at least 155"),
                (D, "through social media"),
                (D, "trained in Moscow"),
                (E, "Andrii Sybiha"),
                (E, "six Chinese soldiers"),
                (E, "Le Monde"),
                (E, "approximately 20%"),
            ],
            start=1,
        )
    ],
    "consensus": [
        {
            "id": "k1",
            "statement": "Two Chinese nationals are held.",
            "sides": _side(
                (A, "two such individuals"),
                (B, "detained two Chinese citizens"),
                (C, "two Chinese nationals are"),
                (E, "taken two Chinese nationals"),
            ),
        },
        {
            "id": "k2",
            "statement": "Lin Jian answered on Wednesday.",
            "sides": _side((A, "Lin Jian responded"), (B, "Lin Jian on Wednesday")),
        },
        {
            "id": "k3",
            "statement": "The US called the reports disturbing.",
            "sides": _side(
                (A, "Tammy Bruce referred"), (B, "Tammy Bruce described"), (D, "calling the situation")
            ),
        },
        {
            "id": "k4",
            "statement": "China tells its citizens to stay out of conflicts.",
            "sides": _side(
                (A, "advises its citizens"),
                (B, "asks Chinese citizens"),
                (C, "advises its citizens"),
                (D, "avoid conflict zones"),
            ),
        },
        {
            "id": "k5",
            "statement": "The video was first titled as a Korean soldier clip.",
            "sides": _side((A, "originally titled"), (C, "originally titled")),
        },
        {
            "id": "k6",
            "statement": "The US calls China a major enabler of Russia.",
            "sides": _side((A, "a major enabler"), (B, "a major enabler")),
        },
        {
            "id": "k7",
            "statement": "North Korea is said to have sent thousands of troops.",
            "sides": _side(
                (B, "sending thousands of troops"), (C, "sent thousands of troops"), (E, "deployed thousands")
            ),
        },
    ],
    "not_contradictions": [
        {
            "id": "t1",
            "why": "Kiev and Kyiv are one city spelled two ways",
            "sides": [_side((D, "Kiev, Ukraine")), _side((B, "Kyiv had detained"))],
        },
        {
            "id": "t2",
            "why": "two captured men and 'significantly more' fighting are different counts",
            "sides": [_side((B, "detained two Chinese citizens")), _side((A, "“significantly more”"))],
        },
    ],
    "name_variants": [
        {
            "canonical": "Volodymyr Zelensky",
            "forms": [
                "Zelensky",
                "Zelenskyy",
                "Volodymyr Zelensky",
                "Volodymyr Zelenskyy",
                "Vladimir Zelensky",
            ],
        },
        {"canonical": "Kyiv", "forms": ["Kyiv", "Kiev"]},
    ],
}


CONSENSUS_RECALL = 0.3
"""The level the offline rules reach: paraphrased agreement rarely shares enough words to align."""


@pytest.fixture
def seed_report(seeds_dir: Path) -> Report:
    return run(load_articles([str(seeds_dir)]), OfflineBackend())


@pytest.fixture
def seed_scores(seed_report: Report) -> Scores:
    return score(seed_report, Gold.model_validate(SEED_GOLD))


def test_offline_backend_finds_most_seed_contradictions_without_false_alarms(seed_scores: Scores) -> None:
    found = seed_scores.contradictions
    assert found.recall >= 0.7, found.missed
    assert found.precision >= 0.5, found.false_alarms
    assert seed_scores.traps_reported == []


def test_offline_backend_finds_seed_unique_details(seed_scores: Scores) -> None:
    assert seed_scores.unique_details.recall >= 0.8, seed_scores.unique_details.missed


def test_spelling_variants_of_seed_names_are_reported_as_variants(seed_scores: Scores) -> None:
    assert seed_scores.name_variants.recall == 1.0, seed_scores.name_variants.missed


def _overlaps(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def test_seed_consensus_never_joins_two_sides_of_a_contradiction(
    seed_report: Report, seed_scores: Scores
) -> None:
    assert seed_scores.consensus.recall >= CONSENSUS_RECALL, seed_scores.consensus.missed
    for consensus in seed_report.consensus:
        for contradiction in seed_report.contradictions:
            touched = [
                side
                for side in contradiction.sides
                if any(_overlaps(e, s) for e in consensus.evidence for s in side)
            ]
            assert len(touched) < 2, (consensus.id, contradiction.id)
