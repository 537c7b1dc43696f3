"""The Batch API through the real OpenAI SDK, against a mock of its file and batch endpoints."""

from __future__ import annotations

import email.parser
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from typer.testing import CliRunner

from factdiff.config import Settings
from factdiff.errors import BatchError, BatchNotReady
from factdiff.llm import batch
from factdiff.llm.backend import LLMBackend
from factdiff.llm.client import LLMClient
from factdiff.llm.fake import chat_completion_body
from factdiff.llm.schemas import ClaimList
from factdiff.models import Report
from factdiff.pipeline import run_stories

from .test_llm_backend import FERRY, HARBOUR, HOSPITAL, Answering, article_in, first_sentence_answer

ARTICLES = [HARBOUR, HOSPITAL, FERRY]
Answer = Callable[[dict[str, Any]], dict[str, Any]]


class BatchServer(httpx2.MockTransport):
    """The Files and Batches endpoints as the SDK sees them; every chat request fails, and is recorded."""

    def __init__(self) -> None:
        super().__init__(self._handle)
        self._lock = threading.Lock()
        self.files: dict[str, str] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.uploads: list[list[dict[str, Any]]] = []
        self.chat_requests: list[httpx2.Request] = []

    def finish(
        self,
        batch_id: str,
        answer: Answer = first_sentence_answer,
        *,
        status: str = "completed",
        failed: int = 0,
        unanswered: int = 0,
    ) -> None:
        """Answer the batch's lines: the first `failed` fail, the last `unanswered` get no answer at all."""
        record = self.batches[batch_id]
        lines = [json.loads(line) for line in self.files[record["input_file_id"]].splitlines()]
        answered = lines[: len(lines) - unanswered]
        outputs = [
            {
                "id": f"batch_req_{i}",
                "custom_id": line["custom_id"],
                "response": {"status_code": 200, "request_id": f"req_{i}", "body": answer(line["body"])},
                "error": None,
            }
            for i, line in enumerate(answered[failed:])
        ]
        errors = [
            {
                "id": f"batch_req_f{i}",
                "custom_id": line["custom_id"],
                "response": {"status_code": 429, "body": {"error": {"message": "token limit reached"}}},
                "error": None,
            }
            for i, line in enumerate(answered[:failed])
        ]
        record["status"] = status
        record["request_counts"] = {"total": len(lines), "completed": len(outputs), "failed": failed}
        record["output_file_id"] = (
            self._add_file("\n".join(json.dumps(o) for o in outputs)) if outputs else None
        )
        record["error_file_id"] = self._add_file("\n".join(json.dumps(e) for e in errors)) if errors else None

    def _add_file(self, text: str) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = text
        return file_id

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path
        with self._lock:
            if path == "/v1/chat/completions":
                self.chat_requests.append(request)
                return httpx2.Response(500, json={"error": {"message": "no live requests in this test"}})
            if request.method == "POST" and path == "/v1/files":
                return self._upload(request)
            if request.method == "POST" and path == "/v1/batches":
                return self._create(json.loads(request.content))
            if path.startswith("/v1/batches/"):
                found = self.batches.get(path.rsplit("/", 1)[1])
                if found is None:
                    return httpx2.Response(404, json={"error": {"message": "No batch found"}})
                return httpx2.Response(200, json=found)
            if path.startswith("/v1/files/") and path.endswith("/content"):
                return httpx2.Response(200, content=self.files[path.split("/")[3]].encode("utf-8"))
        return httpx2.Response(404, json={"error": {"message": f"no route {path}"}})

    def _upload(self, request: httpx2.Request) -> httpx2.Response:
        head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser().parsebytes(head + request.content)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.get_payload()}
        assert parts["purpose"].get_payload() == "batch"
        text = parts["file"].get_payload(decode=True).decode("utf-8")
        self.uploads.append([json.loads(line) for line in text.splitlines()])
        file_id = self._add_file(text)
        return httpx2.Response(
            200,
            json={
                "id": file_id,
                "object": "file",
                "bytes": len(text),
                "created_at": 0,
                "filename": "factdiff-batch.jsonl",
                "purpose": "batch",
                "status": "processed",
            },
        )

    def _create(self, body: dict[str, Any]) -> httpx2.Response:
        assert body["endpoint"] == "/v1/chat/completions"
        assert body["completion_window"] == "24h"
        batch_id = f"batch_{len(self.batches) + 1}"
        total = len(self.files[body["input_file_id"]].splitlines())
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": body["completion_window"],
            "status": "in_progress",
            "created_at": 0,
            "metadata": body.get("metadata"),
            "request_counts": {"total": total, "completed": 0, "failed": 0},
        }
        return httpx2.Response(200, json=self.batches[batch_id])


def settings(tmp_path: Path) -> Settings:
    return Settings(api_key="sk-test", max_retries=0, concurrency=1, cache_dir=tmp_path / "cache")


def client_for(server: httpx2.BaseTransport, tmp_path: Path) -> LLMClient:
    return batch.open_client(settings(tmp_path), http_client=httpx2.Client(transport=server))


def submit(server: BatchServer, tmp_path: Path) -> batch.BatchState | None:
    client = client_for(server, tmp_path)
    try:
        return batch.submit(client, ARTICLES, settings(tmp_path), tmp_path / "state.json")
    finally:
        client.close()


def collect(server: BatchServer, tmp_path: Path, batch_id: str) -> batch.Collected:
    client = client_for(server, tmp_path)
    try:
        return batch.collect(client, batch_id)
    finally:
        client.close()


def extraction_requests(requests: list[httpx2.Request]) -> list[httpx2.Request]:
    return [r for r in requests if r.headers.get("X-Factdiff-Prompt", "").startswith("extract_claims@")]


def brief_run(server: httpx2.BaseTransport, tmp_path: Path) -> list[Report]:
    """What `factdiff brief` runs, one report per story."""
    backend = LLMBackend.from_settings(settings(tmp_path), http_client=httpx2.Client(transport=server))
    result = run_stories(ARTICLES, backend, threshold=0.15)
    return [result] if isinstance(result, Report) else result.stories


@pytest.mark.parametrize("strict", ["true", "false"], ids=["strict schema", "json mode"])
def test_a_batch_line_is_exactly_the_request_a_live_run_sends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, strict: str
):
    monkeypatch.setenv("FACTDIFF_STRICT_SCHEMA", strict)
    live = Answering(lambda body: first_sentence_answer(body) if _is_extraction(body) else 500)
    brief_run(live, tmp_path / "live")
    server = BatchServer()

    state = submit(server, tmp_path)

    assert state is not None and state.count == len(ARTICLES)
    [lines] = server.uploads
    assert [line["method"] for line in lines] == ["POST"] * 3
    assert [line["url"] for line in lines] == ["/v1/chat/completions"] * 3
    assert lines[0]["body"]["response_format"]["type"] == (
        "json_schema" if strict == "true" else "json_object"
    )
    # `stream: false` is how the SDK asks for one answer live; a batch line has no stream to turn off
    sent = {article_in(body)[1]: body | {"stream": None} for body in live.bodies if _is_extraction(body)}
    for line in lines:
        _, text = article_in(line["body"])
        assert line["body"] | {"stream": None} == sent[text]
    client = client_for(server, tmp_path)
    keys = {client.prepare(batch_prompt, ClaimList).key for batch_prompt in _prompts()}
    client.close()
    assert {line["custom_id"] for line in lines} == keys


def _is_extraction(body: dict[str, Any]) -> bool:
    return "<article-" in body["messages"][1]["content"]


def _prompts() -> list[Any]:
    from factdiff.llm.backend import extraction_prompt
    from factdiff.llm.chunking import Chunk

    return [extraction_prompt(a, Chunk(start=0, end=len(a.text), text=a.text)) for a in ARTICLES]


def test_collect_fills_the_cache_so_brief_makes_no_extraction_request(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None
    saved = batch.load_state(tmp_path / "state.json")
    assert (saved.batch_id, saved.count, saved.model) == (state.batch_id, 3, "gpt-4.1-mini")
    server.finish(state.batch_id)

    collected = collect(server, tmp_path, state.batch_id)

    assert (collected.stored, collected.total, collected.problems) == (3, 3, [])
    reports = brief_run(server, tmp_path)  # every live request fails
    assert extraction_requests(server.chat_requests) == []
    assert [error for report in reports for error in report.errors] == []
    assert {claim.article for report in reports for claim in report.claims} == {
        "harbour",
        "hospital",
        "ferry",
    }
    assert server.chat_requests, "relate, judge and briefing are still asked live"
    assert all("X-Factdiff-Prompt" in request.headers for request in server.chat_requests)


def test_a_second_submit_after_collect_sends_nothing(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None
    server.finish(state.batch_id)
    collect(server, tmp_path, state.batch_id)

    assert submit(server, tmp_path) is None
    assert len(server.uploads) == 1 and len(server.batches) == 1


def test_status_reports_the_request_counts(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None
    client = client_for(server, tmp_path)

    running = batch.describe(batch.retrieve(client, state.batch_id))
    server.finish(state.batch_id, failed=1)
    done = batch.describe(batch.retrieve(client, state.batch_id))
    client.close()

    assert running == "batch_1: in_progress, 0 of 3 requests done, 0 failed"
    assert done == "batch_1: completed, 2 of 3 requests done, 1 failed"


def test_a_batch_not_finished_yet_is_not_ready(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None

    with pytest.raises(BatchNotReady, match="in_progress, 0 of 3 requests done.*collect again later"):
        collect(server, tmp_path, state.batch_id)
    assert BatchNotReady.exit_code == 3


def test_an_unknown_batch_is_one_line(tmp_path: Path):
    with pytest.raises(BatchError, match="batch batch_404: not found"):
        collect(BatchServer(), tmp_path, "batch_404")


def test_failed_and_invalid_lines_are_reported_and_left_for_the_live_run(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        if FERRY.text in body["messages"][1]["content"]:
            return chat_completion_body('{"claims": "none"}')
        return first_sentence_answer(body)

    server.finish(state.batch_id, answer, failed=1)  # lines in article order: harbour fails, ferry is invalid

    collected = collect(server, tmp_path, state.batch_id)

    assert collected.stored == 1
    [invalid, failed] = collected.problems  # the output file is read before the error file
    assert "outside the ClaimList schema (claims: Input should be a valid array)" in invalid
    assert failed.endswith("failed (token limit reached)")
    line = batch.summary(collected)
    assert "\n" not in line and "2 of 3 requests not stored, left for the live run" in line
    live = Answering(lambda body: first_sentence_answer(body) if _is_extraction(body) else 500)
    brief_run(live, tmp_path)
    assert sum(_is_extraction(body) for body in live.bodies) == 2


def test_an_expired_batch_stores_what_was_answered_and_says_what_was_not(tmp_path: Path):
    server = BatchServer()
    state = submit(server, tmp_path)
    assert state is not None
    server.finish(state.batch_id, status="expired", unanswered=2)

    collected = collect(server, tmp_path, state.batch_id)

    assert collected.stored == 1
    assert collected.problems == ["2 never answered (batch expired)"]


def test_batch_commands_from_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from factdiff.cli import app

    server = BatchServer()
    opened = batch.open_client
    monkeypatch.setattr(
        batch, "open_client", lambda s: opened(s, http_client=httpx2.Client(transport=server))
    )
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    runner = CliRunner()
    cache = ["--cache-dir", str(tmp_path / "cache")]

    submitted = runner.invoke(app, ["batch", "submit", str(folder), *cache])
    assert submitted.exit_code == 0, submitted.stderr
    assert submitted.stdout.strip() == "batch_1"
    assert (tmp_path / "cache" / "batch.json").is_file()
    early = runner.invoke(app, ["batch", "collect", *cache])
    assert early.exit_code == 3
    assert early.stderr.count("\n") == 1 and "not finished yet" in early.stderr
    server.finish("batch_1", failed=1)
    status = runner.invoke(app, ["batch", "status", *cache])
    assert status.stdout.strip() == "batch_1: completed, 2 of 3 requests done, 1 failed"
    collected = runner.invoke(app, ["batch", "collect", *cache])
    assert collected.exit_code == 1
    assert "stored 2 of 3 answers" in collected.stderr
    assert "error: batch batch_1 (completed): 1 of 3 requests not stored" in collected.stderr
    again = runner.invoke(app, ["batch", "submit", str(folder), *cache])
    assert again.exit_code == 0 and again.stdout.strip() == "batch_2", "the failed request is sent again"
    assert len(server.uploads[1]) == 1


def test_status_without_a_submitted_batch_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from factdiff.cli import app

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    result = CliRunner().invoke(app, ["batch", "status", "--state", str(tmp_path / "none.json")])

    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"factdiff: error: no batch submitted yet (no {tmp_path / 'none.json'}): give a batch id"
    )
