"""The command as a user runs it: exit codes, stdout carries data, stderr carries notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff.cli import app
from factdiff.models import Claim, Report

from .conftest import EXAMPLE

ARTICLES = str(EXAMPLE / "articles")
runner = CliRunner()


def test_brief_markdown_offline_says_it_is_heuristic_and_cites_quotes():
    result = runner.invoke(app, ["brief", ARTICLES])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# factdiff briefing")
    assert "heuristic" in result.stdout
    assert "## Contested" in result.stdout
    assert "offline backend" in result.stderr  # the one notice that auto chose offline
    assert "\u201c" in result.stdout  # findings quote their sources


def test_brief_json_follows_the_contract_and_quotes_are_verbatim():
    result = runner.invoke(app, ["brief", ARTICLES, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    for key in (
        "schema_version",
        "articles",
        "contradictions",
        "unique_details",
        "consensus",
        "name_variants",
    ):
        assert key in payload
    assert payload["provenance"]["backend"] == "offline"
    report = Report.model_validate(payload)
    texts = {a.id: a.text for a in report.articles}
    assert set(texts) == {p.stem for p in Path(ARTICLES).glob("*.txt")}
    assert report.contradictions, "the example has planted contradictions"
    for item in report.contradictions:
        assert len(item.sides) >= 2
        for side in item.sides:
            for span in side:
                assert texts[span.article][span.start : span.end] == span.quote
    for unique in report.unique_details:
        assert texts[unique.article][unique.start : unique.end] == unique.quote


def test_contradictions_json_has_the_same_shape_as_the_report():
    result = runner.invoke(app, ["contradictions", ARTICLES, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"schema_version", "contradictions"}
    assert payload["contradictions"]
    first = payload["contradictions"][0]
    assert {"id", "kind", "severity", "explanation", "sides"} <= set(first)
    assert {"article", "quote", "start", "end"} <= set(first["sides"][0][0])


def test_contradictions_table_for_people():
    result = runner.invoke(app, ["contradictions", ARTICLES])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("C")  # piped: plain lines, one per contradiction, no table borders
    assert "\u2503" not in result.stdout and "side 1:" in result.stdout


def test_claims_then_diff_reproduces_the_brief(tmp_path: Path):
    claims = runner.invoke(app, ["claims", ARTICLES])
    assert claims.exit_code == 0, claims.stderr
    lines = claims.stdout.strip().splitlines()
    assert lines and all(Claim.model_validate_json(line) for line in lines)
    path = tmp_path / "claims.jsonl"
    path.write_text(claims.stdout)
    diffed = runner.invoke(app, ["diff", str(path), "--articles", ARTICLES, "--format", "json"])
    assert diffed.exit_code == 0, diffed.stderr
    direct = runner.invoke(app, ["brief", ARTICLES, "--format", "json"])
    assert json.loads(diffed.stdout)["contradictions"] == json.loads(direct.stdout)["contradictions"]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_render_reads_a_report_from_before_the_field_sources(tmp_path: Path, version: str):
    payload = json.loads(runner.invoke(app, ["brief", ARTICLES, "--format", "json"]).stdout)
    payload["schema_version"] = version
    for article in payload["articles"]:
        del article["outlet_source"], article["published_source"]
    report = tmp_path / "old.json"
    report.write_text(json.dumps(payload), encoding="utf-8")
    rendered = runner.invoke(app, ["render", str(report)])
    assert rendered.exit_code == 0, rendered.stderr
    assert f"schema {version}" in rendered.stdout


def test_render_reproduces_the_markdown_from_the_report_json(tmp_path: Path):
    report = tmp_path / "report.json"
    assert runner.invoke(app, ["brief", ARTICLES, "--format", "json", "--out", str(report)]).exit_code == 0
    rendered = runner.invoke(app, ["render", str(report)])
    direct = runner.invoke(app, ["brief", ARTICLES])
    assert rendered.exit_code == 0
    assert rendered.stdout == direct.stdout


def test_stdin_is_an_article():
    text = (EXAMPLE / "articles").glob("*.txt").__next__().read_text()
    result = runner.invoke(app, ["claims", "-"], input=text)
    assert result.exit_code == 0, result.stderr
    assert all(json.loads(line)["article"] == "stdin" for line in result.stdout.strip().splitlines())


def test_missing_file_is_one_line_naming_it_and_exit_1():
    result = runner.invoke(app, ["brief", "no/such/file.txt"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no/such/file.txt" in lines[0]


def test_bad_claims_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": "x"}\n')
    result = runner.invoke(app, ["diff", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1" in result.stderr


def test_usage_error_exits_2():
    assert runner.invoke(app, ["brief", ARTICLES, "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["brief"]).exit_code == 2


def test_llm_backend_without_key_or_url_is_one_actionable_line():
    result = runner.invoke(app, ["brief", ARTICLES, "--backend", "llm"])
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr
    assert result.stdout == ""


def test_schema_is_the_report_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Report"
    assert "contradictions" in schema["properties"]


def test_render_says_a_cut_off_report_is_cut_off(tmp_path: Path):
    made = runner.invoke(app, ["brief", ARTICLES, "--format", "json"])
    path = tmp_path / "cut.json"
    path.write_text(made.stdout[: len(made.stdout) // 2], encoding="utf-8")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert "cut off" in result.stderr and "Traceback" not in result.stderr


def test_quiet_prints_nothing_but_data_and_verbose_adds_a_summary():
    quiet = runner.invoke(app, ["brief", ARTICLES, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = runner.invoke(app, ["brief", ARTICLES, "-v"])
    assert "claims" in loud.stderr and "contradictions" in loud.stderr
