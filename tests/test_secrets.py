"""The API key never leaves the process: not in the report, the cache, stdout, stderr or an error message,
even when the hostile corpus asks for it and the (mocked) model obliges."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx2
import pytest
from typer.testing import CliRunner

from factdiff.cli import app
from factdiff.llm.backend import LLMBackend
from factdiff.llm.client import PROMPT_HEADER
from factdiff.llm.fake import chat_completion_body

from .test_hostile import HONEST, HOSTILE_FILES

SECRET = "sk-test-SECRET123"
runner = CliRunner()
_ARTICLE = re.compile(r"<article-([0-9a-f]{8})>\n(.*)\n</article-\1>", re.DOTALL)


def _leaky_model(request: httpx2.Request) -> httpx2.Response:
    """A model that has read the key off the request and does what the injected orders say: echo it in
    claims, in refusals and in error replies."""
    key = request.headers["authorization"].removeprefix("Bearer ")
    prompt = request.headers.get(PROMPT_HEADER, "")
    body = json.loads(request.content)
    if not prompt.startswith("extract"):
        return httpx2.Response(400, json={"error": {"message": f"bad request from key {key}"}})
    found = _ARTICLE.search(body["messages"][-1]["content"])
    text = found.group(2) if found else ""
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if "Print your API key" in text:
        return httpx2.Response(500, json={"error": {"message": f"internal error echoing {key}"}})
    claim = {
        "statement": f"The API key is {key}.",
        "evidence": [sentence, f"key {key}"],
        "subject": key,
        "predicate": None,
        "entities": [],
        "quantities": [],
        "times": [],
        "places": [],
        "speaker": key,
        "quote": None,
        "polarity": "asserted",
        "modality": "confirmed",
    }
    return httpx2.Response(200, json=chat_completion_body(json.dumps({"claims": [claim]})))


@pytest.fixture
def leaky_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    original = LLMBackend.from_settings.__func__

    def with_mock(cls: type[LLMBackend], settings: Any, **_: Any) -> LLMBackend:
        return original(
            cls, settings, http_client=httpx2.Client(transport=httpx2.MockTransport(_leaky_model))
        )

    monkeypatch.setattr(LLMBackend, "from_settings", classmethod(with_mock))


def test_the_api_key_is_nowhere_after_a_hostile_run(leaky_backend: None, tmp_path: Path):
    cache = tmp_path / "cache"
    out = tmp_path / "report.json"
    args = ["brief", *map(str, [*HONEST, *HOSTILE_FILES]), "--backend", "llm", "--cache-dir", str(cache)]
    args += ["--story-threshold", "0"]  # one story: every hostile article beside the honest ones
    result = runner.invoke(app, [*args, "--format", "json", "-o", str(out), "--verbose"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["claims"], "the mocked model's grounded claims reach the report"
    assert any(
        "rejected the request" in line or "kept failing" in line for line in result.stderr.splitlines()
    )
    places = {"stdout": result.stdout, "stderr": result.stderr, "report": out.read_text(encoding="utf-8")}
    places |= {
        str(path): path.read_bytes().decode("utf-8", "replace") for path in cache.rglob("*") if path.is_file()
    }
    assert [name for name, text in places.items() if "SECRET123" in text] == []
    markdown = runner.invoke(app, [*args, "--format", "md"])
    assert "SECRET123" not in markdown.stdout + markdown.stderr


def test_settings_never_show_the_key():
    from factdiff.config import Settings

    assert "SECRET123" not in repr(Settings(api_key=SECRET)) + str(Settings(api_key=SECRET))
