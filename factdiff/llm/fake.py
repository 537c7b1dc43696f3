"""Stand-in endpoints for tests and evals that speak real HTTP to the real SDK.

Nothing in the SDK is patched: these are `httpx2` transports handed to
`LLMClient(http_client=httpx2.Client(transport=...))`, so retries, headers,
parsing and error mapping run exactly as they would against a server.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

import httpx2

from factdiff.errors import ReplayMissError
from factdiff.llm.client import PROMPT_HEADER

Scripted = dict[str, Any] | int | httpx2.Response | Exception
"""A chat-completion body (200), a bare status code, a whole response, or an exception to raise."""


def chat_completion_body(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: Mapping[str, Any] | None = None,
    model: str = "fake-model",
) -> dict[str, Any]:
    """An OpenAI-shaped chat completion; `usage` defaults to small plausible numbers."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": dict(usage)
        if usage is not None
        else {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _error_response(status: int) -> httpx2.Response:
    # A one-millisecond Retry-After keeps the SDK's retries instant; pass a Response for another delay.
    return httpx2.Response(
        status,
        json={"error": {"message": f"scripted {status}", "type": "scripted", "code": None}},
        headers={"retry-after-ms": "1"},
    )


def request_key(body: Mapping[str, Any]) -> str:
    """Identifies a chat request by what decides its answer: model, messages and response format."""
    decisive = {key: body.get(key) for key in ("model", "messages", "response_format")}
    return hashlib.sha256(
        json.dumps(decisive, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


class ScriptedTransport(httpx2.MockTransport):
    """Answers requests from a queue, in order, and records what was sent.

    Also counts how many requests were in flight at once (`max_in_flight`);
    `delay_s` holds each request open long enough for overlaps to show.
    """

    def __init__(self, script: Iterable[Scripted] = (), *, delay_s: float = 0.0) -> None:
        super().__init__(self._answer)
        self._script: deque[Scripted] = deque(script)
        self._delay_s = delay_s
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_in_flight = 0
        self.requests: list[httpx2.Request] = []

    @property
    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies sent, in order."""
        return [json.loads(request.content) for request in self.requests]

    def add(self, *items: Scripted) -> None:
        with self._lock:
            self._script.extend(items)

    def _answer(self, request: httpx2.Request) -> httpx2.Response:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            item = self._script.popleft() if self._script else None
        try:
            if self._delay_s:
                time.sleep(self._delay_s)
            if item is None:
                raise AssertionError(
                    f"ScriptedTransport: no scripted answer left for request {len(self.requests)}"
                )
            if isinstance(item, Exception):
                raise item
            if isinstance(item, int):
                return _error_response(item)
            if isinstance(item, httpx2.Response):
                return item
            return httpx2.Response(200, json=item)
        finally:
            with self._lock:
                self._in_flight -= 1


class ReplayTransport(httpx2.MockTransport):
    """Answers chat requests from authored or recorded responses keyed by `request_key`.

    With a `fallback` transport (e.g. `httpx2.HTTPTransport()` to a real
    endpoint), misses are forwarded and their answers kept in `recorded`,
    ready to be saved as the next fixture file.
    """

    def __init__(
        self, responses: Mapping[str, dict[str, Any]], *, fallback: httpx2.BaseTransport | None = None
    ) -> None:
        super().__init__(self._answer)
        self._responses = dict(responses)
        self._fallback = fallback
        self._lock = threading.Lock()
        self.recorded: dict[str, dict[str, Any]] = {}

    def _answer(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        key = request_key(body)
        with self._lock:
            known = self._responses.get(key)
        if known is not None:
            return httpx2.Response(200, json=known)
        prompt = request.headers.get(PROMPT_HEADER, "an unnamed prompt")
        if self._fallback is None:
            raise ReplayMissError(
                f"no recorded answer for prompt {prompt} (request key {key[:12]}): the prompt, model or "
                "input changed"
            )
        response = self._fallback.handle_request(request)
        response.read()
        if response.status_code == 200:
            with self._lock:
                self.recorded[key] = response.json()
                self._responses[key] = self.recorded[key]
        return response
