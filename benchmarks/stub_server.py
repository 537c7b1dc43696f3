"""A tiny OpenAI-compatible server for benchmarks: real HTTP, no model, configurable latency.

It answers `/v1/chat/completions` with schema-valid output for factdiff's own
prompts: extraction quotes the first sentence of the article between the tags,
relating finds no group, the judge calls every group "agree", the briefing
cites the first finding.
With `refuse_json_schema` it answers a strict `json_schema` response format
with a 500, as llama.cpp's server does, and takes `json_object` (with or
without a schema). It listens on 127.0.0.1 only and shuts itself down after
`lifetime_s`.

    python benchmarks/stub_server.py --latency 0.2 --lifetime 600
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from factdiff.llm.tokens import count_chat_tokens, count_tokens

_TAGGED = re.compile(r"<(article|claims|groups|findings)-([0-9a-f]{8})>\n(.*)\n</\1-\2>", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _first_sentence(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return _SENTENCE_END.split(lines[0], maxsplit=1)[0] if lines else ""


def _answer(user: str) -> dict[str, Any]:
    """Schema-valid content for whichever factdiff prompt `user` is."""
    match = _TAGGED.search(user)
    if match is None:
        return {}
    kind, data = match.group(1), match.group(3)
    if kind == "article":
        sentence = _first_sentence(data)
        claim = {
            "statement": sentence,
            "evidence": [sentence],
            "subject": None,
            "predicate": None,
            "entities": [],
            "quantities": [],
            "times": [],
            "places": [],
            "speaker": None,
            "quote": None,
            "polarity": "asserted",
            "modality": "reported",
        }
        return {"claims": [claim] if sentence else []}
    if kind == "groups":
        verdicts = [
            {"group": group["id"], "relation": "agree", "kind": None, "reason": "stub", "confidence": 0.5}
            for group in json.loads(data)
        ]
        return {"verdicts": verdicts}
    if kind == "claims":
        return {"groups": []}
    findings = json.loads(data)
    ids = [item["id"] for key, items in findings.items() if key != "outlets" for item in items]
    return {"sentences": [{"text": "The outlets report the event.", "cites": ids[:1]}] if ids else []}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (the http.server naming)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._reply(404, {"error": {"message": f"no route {self.path}"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
        stub = self.server.stub
        with stub.in_flight():
            if stub.refuse_json_schema and (body.get("response_format") or {}).get("type") == "json_schema":
                stub.count_refusal()
                self._reply(500, {"error": {"message": "response_format type json_schema is not supported"}})
                return
            time.sleep(stub.latency_s)
            self._answer_chat(body)

    def _answer_chat(self, body: dict[str, Any]) -> None:
        model = body.get("model", "stub")
        messages = [{"role": m["role"], "content": m["content"]} for m in body["messages"]]
        content = json.dumps(_answer(messages[-1]["content"]))
        prompt_tokens = count_chat_tokens(messages, model)
        if body.get("response_format"):
            prompt_tokens += count_tokens(json.dumps(body["response_format"]), model)
        completion_tokens = count_tokens(content, model)
        self._reply(
            200,
            {
                "id": "chatcmpl-stub",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content, "refusal": None},
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a benchmark's output is its numbers."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: StubServer


class StubServer:
    """Runs in a background thread for the life of a `with` block, or at most `lifetime_s`."""

    def __init__(
        self,
        *,
        latency_s: float = 0.2,
        lifetime_s: float = 600.0,
        port: int = 0,
        refuse_json_schema: bool = False,
    ) -> None:
        self.latency_s = latency_s
        self.refuse_json_schema = refuse_json_schema
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.stub = self
        self._lock = threading.Lock()
        self._requests = 0
        self._in_flight = 0
        self.refused = 0
        """Requests answered 500 for their json_schema response format."""
        self.max_in_flight = 0
        """The most requests the server was working on at once."""
        self._timer = threading.Timer(lifetime_s, self._server.shutdown)
        self._timer.daemon = True

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def requests(self) -> int:
        with self._lock:
            return self._requests

    @contextmanager
    def in_flight(self) -> Iterator[None]:
        """Counts a request while it is handled, and its overlap with others."""
        with self._lock:
            self._requests += 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def count_refusal(self) -> None:
        with self._lock:
            self.refused += 1

    def serve(self) -> None:
        """Serve in this thread until the lifetime ends."""
        self._timer.start()
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def __enter__(self) -> StubServer:
        self._thread = threading.Thread(target=self.serve, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="Seconds per answer.")
    parser.add_argument("--lifetime", type=float, default=600.0, help="Seconds before shutting down.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port.")
    parser.add_argument(
        "--refuse-json-schema", action="store_true", help="Answer json_schema with a 500, as llama.cpp does."
    )
    args = parser.parse_args()
    stub = StubServer(
        latency_s=args.latency,
        lifetime_s=args.lifetime,
        port=args.port,
        refuse_json_schema=args.refuse_json_schema,
    )
    print(f"FACTDIFF_BASE_URL={stub.base_url}", flush=True)
    stub.serve()


if __name__ == "__main__":
    main()
