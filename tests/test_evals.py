"""Evals end to end on a small fixture built here: authoring, replay, thresholds, snapshots, misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff import evals
from factdiff.authoring import load_responses
from factdiff.cli import app
from factdiff.errors import ReplayMissError

ARTICLES = {
    "north-post": (
        "Title: Ferry fire\nOutlet: North Post\nPublished: 2026-03-10\n\n"
        "Twelve people were injured in the ferry fire at Dunmore on Monday, the coastguard said. "
        "The ferry operator Bellcrest Lines said the vessel was 30 years old.\n"
    ),
    "south-star": (
        "Title: Fire on ferry\nOutlet: South Star\nPublished: 2026-03-10\n\n"
        "Seventeen people were injured in the ferry fire at Dunmore on Monday, the coastguard said. "
        "Divers inspected the hull on Tuesday.\n"
    ),
}


def _claim(statement: str, evidence: str, value: float, unit: str = "person") -> dict:
    return {
        "statement": statement,
        "evidence": [evidence],
        "subject": "the ferry fire",
        "predicate": "injure",
        "entities": [{"text": "Dunmore", "kind": "place"}],
        "quantities": [
            {"text": evidence.split()[0], "value": value, "high": None, "qualifier": "exact", "unit": unit}
        ],
        "times": [{"text": "on Monday", "kind": "weekday", "value": "monday"}],
        "places": ["Dunmore"],
        "speaker": "the coastguard",
        "quote": None,
        "polarity": "asserted",
        "modality": "confirmed",
    }


AUTHORED = {
    "north-post": {
        "claims": [
            _claim(
                "Twelve people were injured in the ferry fire at Dunmore.",
                "Twelve people were injured in the ferry fire at Dunmore on Monday",
                12,
            ),
            _claim("The ferry was 30 years old.", "the vessel was 30 years old", 30, "year"),
        ]
    },
    "south-star": {
        "claims": [
            _claim(
                "Seventeen people were injured in the ferry fire at Dunmore.",
                "Seventeen people were injured in the ferry fire at Dunmore on Monday",
                17,
            )
        ]
    },
}

GOLD = {
    "description": "a two-outlet ferry fire",
    "articles": {"north-post": {"outlet": "North Post"}, "south-star": {"outlet": "South Star"}},
    "contradictions": [
        {
            "id": "g1",
            "kind": "number",
            "note": "injured: 12 vs 17",
            "sides": [
                [{"article": "north-post", "quote": "Twelve people were injured"}],
                [{"article": "south-star", "quote": "Seventeen people were injured"}],
            ],
        }
    ],
    "unique_details": [{"id": "u1", "article": "north-post", "quote": "the vessel was 30 years old"}],
    "consensus": [],
}


@pytest.fixture
def fixture(tmp_path: Path) -> Path:
    root = tmp_path / "ferry"
    (root / "articles").mkdir(parents=True)
    (root / "authored").mkdir()
    for name, text in ARTICLES.items():
        (root / "articles" / f"{name}.txt").write_text(text)
        (root / "authored" / f"{name}.json").write_text(json.dumps(AUTHORED[name]))
    (root / "gold.json").write_text(json.dumps(GOLD))
    thresholds = {"replay": {"contradictions_recall": 1.0, "contradictions_precision": 1.0}, "offline": {}}
    (root / "fixture.json").write_text(
        json.dumps(
            {
                "description": "ferry",
                "event_type": "disaster",
                "provenance": "held-out",
                "thresholds": thresholds,
            }
        )
    )
    return root


def test_authored_responses_are_labelled_and_replay_scores_against_gold(fixture: Path):
    count = evals.author_responses(fixture, "gpt-4.1-mini")
    stored = load_responses(fixture)
    assert stored.source == "authored"
    assert count == len(stored.responses) >= 2
    assert {r.prompt.split("@")[0] for r in stored.responses.values()} >= {"extract_claims"}

    result, report = evals.run_fixture(fixture, "replay", evals.replay_backend, update=True)
    assert report.provenance.backend == "llm"
    assert result.metrics["contradictions_recall"] == 1.0
    assert result.failures == []
    again, _ = evals.run_fixture(fixture, "replay", evals.replay_backend)
    assert again.failures == []


def test_a_changed_article_is_a_replay_miss_naming_the_prompt(fixture: Path):
    evals.author_responses(fixture, "gpt-4.1-mini")
    evals.run_fixture(fixture, "replay", evals.replay_backend, update=True)
    article = fixture / "articles" / "south-star.txt"
    article.write_text(article.read_text().replace("Divers", "Two divers"))
    with pytest.raises(ReplayMissError) as miss:
        evals.run_fixture(fixture, "replay", evals.replay_backend)
    assert "no recorded answer" in str(miss.value)
    assert "extract_claims@" in str(miss.value) and "south-star" in str(miss.value)
    assert "ferry" in str(miss.value)
    assert f"factdiff eval {fixture} --author" in str(miss.value), "the message says how to rebuild"


def test_a_missing_briefing_answer_is_a_replay_miss_not_a_silent_fallback(fixture: Path):
    evals.author_responses(fixture, "gpt-4.1-mini")
    stored = json.loads((fixture / "responses.json").read_text())
    stored["responses"] = {
        key: value for key, value in stored["responses"].items() if not value["prompt"].startswith("briefing")
    }
    (fixture / "responses.json").write_text(json.dumps(stored))
    with pytest.raises(ReplayMissError, match="briefing@"):
        evals.run_fixture(fixture, "replay", evals.replay_backend, update=True)


def test_a_lost_finding_fails_and_the_message_names_it(fixture: Path):
    evals.author_responses(fixture, "gpt-4.1-mini")
    evals.run_fixture(fixture, "replay", evals.replay_backend, update=True)
    snapshot = fixture / "expected" / "replay.json"
    expected = json.loads(snapshot.read_text())
    expected["contradictions"].append(["time", [["north-post: Monday"], ["south-star: Tuesday"]]])
    snapshot.write_text(json.dumps(expected))
    result, _ = evals.run_fixture(fixture, "replay", evals.replay_backend)
    assert any("no longer found" in line and "south-star: Tuesday" in line for line in result.failures)


def test_threshold_failure_makes_the_cli_exit_1(fixture: Path, tmp_path: Path):
    config = json.loads((fixture / "fixture.json").read_text())
    config["thresholds"]["offline"] = {"unique_details_recall": 1.01}
    (fixture / "fixture.json").write_text(json.dumps(config))
    out = tmp_path / "result.json"
    result = CliRunner().invoke(
        app, ["eval", str(fixture), "--backend", "offline", "--update", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "unique_details_recall" in result.stderr and "below the threshold" in result.stderr
    assert json.loads(out.read_text())[0]["fixture"] == "ferry"


def test_unknown_metric_in_thresholds_is_an_error(fixture: Path):
    config = json.loads((fixture / "fixture.json").read_text())
    config["thresholds"]["offline"] = {"contradiction_recall": 0.5}
    (fixture / "fixture.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="unknown metric"):
        evals.run_fixture(fixture, "offline", evals.offline_backend, update=True)


def test_bundled_responses_match_the_current_prompt_versions_and_say_where_they_came_from():
    from factdiff.prompts import prompt_versions

    for fixture in evals.discover(Path(__file__).resolve().parents[1] / "evals"):
        stored = load_responses(fixture)
        assert stored.prompt_versions == prompt_versions(), f"{fixture.name}: run `factdiff eval --author`"
        if stored.source == "authored":
            assert "not recorded" in stored.note
            assert {r.prompt.split("@")[0] for r in stored.responses.values()} >= {
                "extract_claims",
                "briefing",
            }
