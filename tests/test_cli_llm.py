"""The LLM backend as a user runs it: the CLI against a local OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from factdiff.cli import app

from .conftest import EXAMPLE, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from stub_server import StubServer  # noqa: E402

ARTICLES = str(EXAMPLE / "articles")
runner = CliRunner()


def test_brief_with_a_local_server_then_a_second_run_makes_no_request(tmp_path: Path):
    cache = tmp_path / "cache"
    with StubServer(latency_s=0.0, lifetime_s=60) as server:
        args = [
            "brief",
            ARTICLES,
            "--format",
            "json",
            "--base-url",
            server.base_url,
            "--cache-dir",
            str(cache),
        ]
        first = runner.invoke(app, args)
        assert first.exit_code == 0, first.stderr
        made = server.requests
        second = runner.invoke(app, args)
        assert second.exit_code == 0, second.stderr
        assert server.requests == made  # every answer came from the cache
    report = json.loads(first.stdout)
    assert report["provenance"]["backend"] == "llm"
    assert report["provenance"]["heuristic"] is False
    assert set(report["provenance"]["prompt_versions"]) == {"extract_claims", "relate", "judge", "briefing"}
    assert report["provenance"]["usage"]["requests"] >= 5
    assert json.loads(second.stdout)["provenance"]["usage"]["cache_hits"] >= 5
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for claim in report["claims"]:
        for span in claim["evidence"]:
            assert texts[span["article"]][span["start"] : span["end"]] == span["quote"]


def test_budget_refuses_to_start_with_one_line():
    with StubServer(latency_s=0.0, lifetime_s=60) as server:
        result = runner.invoke(
            app, ["brief", ARTICLES, "--base-url", server.base_url, "--max-tokens", "100", "--no-cache"]
        )
        assert server.requests == 0
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "--max-tokens" in result.stderr


def test_unreachable_endpoint_is_one_line_and_exit_1():
    result = runner.invoke(app, ["brief", ARTICLES, "--base-url", "http://127.0.0.1:9/v1", "--no-cache"])
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "cannot reach" in errors[0]


def test_a_llama_cpp_like_server_works_with_default_flags_one_request_at_a_time():
    with StubServer(latency_s=0.01, lifetime_s=60, refuse_json_schema=True) as server:
        result = runner.invoke(
            app, ["brief", ARTICLES, "--format", "json", "--base-url", server.base_url, "--no-cache"]
        )
        refused, in_flight, requests = server.refused, server.max_in_flight, server.requests
    assert result.exit_code == 0, result.stderr
    assert refused == 1
    assert in_flight == 1
    report = json.loads(result.stdout)
    assert report["provenance"]["usage"]["requests"] == requests - refused
    assert report["stats"]["claims"] > 0
    assert "refused strict json_schema" in result.stderr


def test_schema_mode_flags_skip_the_strict_request():
    for flags in (["--schema-mode", "json_object_schema"], ["--no-strict-schema"]):
        with StubServer(latency_s=0.0, lifetime_s=60, refuse_json_schema=True) as server:
            result = runner.invoke(
                app, ["brief", ARTICLES, "--base-url", server.base_url, "--no-cache", *flags]
            )
            refused = server.refused
        assert result.exit_code == 0, result.stderr
        assert refused == 0
        assert "refused" not in result.stderr
