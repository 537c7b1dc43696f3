"""Rows of the robustness matrix (tests/README.md): bad inputs and faults give one clear line, a documented
exit code, and never lose finished work or print an unchecked quote as evidence."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff.cli import NOTHING_COMPARED, app
from factdiff.config import Settings
from factdiff.llm.cache import CACHE_FILE, ResponseCache
from factdiff.models import Claim

from .conftest import EXAMPLE

ARTICLES = str(EXAMPLE / "articles")
runner = CliRunner()


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = runner.invoke(app, ["claims", ARTICLES])
    assert made.exit_code == 0, made.stderr
    path = tmp_path_factory.mktemp("claims") / "claims.jsonl"
    path.write_text(made.stdout, encoding="utf-8")
    return path


def _tampered(claims_file: Path, tmp_path: Path, every: bool = False) -> tuple[Path, str]:
    """The claims with one quote (or all of them) changed into words no article has."""
    invented = "Four hundred people died in the fire, officials said."
    lines = []
    for number, line in enumerate(claims_file.read_text(encoding="utf-8").splitlines()):
        claim = Claim.model_validate_json(line)
        if every or number == 0:
            claim.evidence[0].quote = invented if number == 0 else f"{invented} ({number})"
        lines.append(claim.model_dump_json())
    path = tmp_path / "tampered.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, invented


def test_diff_regrounds_every_quote_against_its_article(claims_file: Path, tmp_path: Path):
    path, invented = _tampered(claims_file, tmp_path)
    result = runner.invoke(app, ["diff", str(path), "--articles", ARTICLES, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert invented not in result.stdout
    assert json.loads(result.stdout)["stats"]["ungrounded_claims_dropped"] == 1


def test_diff_without_the_articles_says_its_quotes_are_unverified(claims_file: Path):
    result = runner.invoke(app, ["diff", str(claims_file)])
    assert result.exit_code == 0, result.stderr
    assert "unverified" in result.stderr
    assert "(unverified: article not given)" in result.stdout and "[94:163]" not in result.stdout


def test_a_run_with_no_grounded_claim_says_so_and_exits_nothing_compared(claims_file: Path, tmp_path: Path):
    path, _ = _tampered(claims_file, tmp_path, every=True)
    result = runner.invoke(app, ["diff", str(path), "--articles", ARTICLES])
    assert result.exit_code == NOTHING_COMPARED
    assert "no claim could be grounded" in result.stderr
    assert "Nothing was compared" in result.stdout  # the briefing is still written, and says it


def test_one_article_says_nothing_was_compared_with_its_exit_code(tmp_path: Path):
    out = tmp_path / "brief.md"
    result = runner.invoke(app, ["brief", str(EXAMPLE / "articles" / "coastal-wire.txt"), "--out", str(out)])
    assert result.exit_code == NOTHING_COMPARED
    assert "only one article" in result.stderr
    assert "Nothing was compared" in out.read_text(encoding="utf-8")


def test_out_into_a_missing_folder_is_refused_before_the_run(tmp_path: Path):
    result = runner.invoke(app, ["brief", ARTICLES, "--out", str(tmp_path / "missing" / "brief.md")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "offline backend" not in result.stderr  # nothing ran


def test_out_is_written_whole_and_leaves_no_temporary_file(tmp_path: Path):
    out = tmp_path / "brief.md"
    out.write_text("an older briefing\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", ARTICLES, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# factdiff briefing")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_a_cache_dir_that_is_a_file_means_one_warning_and_no_cache(tmp_path: Path, caplog):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="factdiff"):
        cache = ResponseCache.from_settings(Settings(cache_dir=not_a_folder))
    assert cache is None
    assert len(caplog.records) == 1 and "without a cache" in caplog.records[0].getMessage()


def test_a_cache_file_that_cannot_be_opened_means_one_warning_and_no_cache(tmp_path: Path, caplog):
    (tmp_path / CACHE_FILE).mkdir()  # a folder where the database file should be
    with caplog.at_level(logging.WARNING, logger="factdiff"):
        assert ResponseCache.from_settings(Settings(cache_dir=tmp_path)) is None
    assert len(caplog.records) == 1


def test_a_cache_that_stops_accepting_writes_warns_once_and_the_run_goes_on(tmp_path: Path, caplog):
    cache = ResponseCache(tmp_path / CACHE_FILE)
    cache.put("k1", "{}", prompt="p")
    cache._db.execute("DROP TABLE responses")  # stands for a disk that filled up or a file made read-only
    with caplog.at_level(logging.WARNING, logger="factdiff"):
        cache.put("k2", "{}", prompt="p")
        cache.put("k3", "{}", prompt="p")
    assert len(caplog.records) == 1 and "stopped accepting" in caplog.records[0].getMessage()


def test_a_copy_that_changes_one_figure_is_a_contradiction_between_the_copies(tmp_path: Path):
    original = (EXAMPLE / "articles" / "harbour-herald.txt").read_text(encoding="utf-8")
    body = original.split("\n\n", 1)[1]  # without the metadata block: two copies of one unnamed piece
    assert "12 people" in body
    (tmp_path / "wire.txt").write_text(body, encoding="utf-8")
    (tmp_path / "rewrite.txt").write_text(body.replace("12 people", "15 people"), encoding="utf-8")
    result = runner.invoke(app, ["brief", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["shared_origins"], "the two copies are one origin"
    [found] = report["contradictions"]
    assert found["kind"] == "number" and sorted(found["said"]) == ["12 people", "15 people"]
    assert all(fact["independent_sources"] == 1 for fact in report["briefing"]["agreed"])
