"""The OpenAI Batch API for large corpora: the extraction requests of a run, answered within 24 hours at
half the price.

`submit` sends exactly the requests a live run would send (same prompts, model, response format) under the
cache keys a live run would look up, `collect` checks each answer as a live one is checked and stores it in
the response cache, and the next live run finds the extractions there and asks only what is left: relating,
judging and the briefing, plus any request the batch did not answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

from factdiff.config import Settings
from factdiff.errors import AuthError, BatchError, BatchNotReady, ConfigError, EndpointError, LLMError
from factdiff.llm.cache import cache_folder
from factdiff.llm.client import LLMClient, PreparedRequest
from factdiff.llm.schemas import ClaimList
from factdiff.models import Article

if TYPE_CHECKING:
    import httpx2
    from openai.types import Batch

ENDPOINT: Literal["/v1/chat/completions"] = "/v1/chat/completions"
COMPLETION_WINDOW: Literal["24h"] = "24h"
STATE_FILE = "batch.json"
PROMPT_METADATA = "factdiff_prompt"
"""Batch metadata naming the prompt its requests render, so `collect` refuses a batch it did not make."""
RUNNING = frozenset({"validating", "in_progress", "finalizing", "cancelling"})
MAX_REQUESTS = 50_000
"""The Batch API takes at most this many requests in one batch."""
_MAX_REASONS = 3

R = TypeVar("R")


class BatchState(BaseModel):
    """What `status` and `collect` need to find the last batch again."""

    batch_id: str
    input_file_id: str
    model: str
    prompt: str
    count: int
    created: float


class Collected(BaseModel):
    """The outcome of `collect`: answers stored, and why the others were not."""

    batch_id: str
    status: str
    stored: int
    total: int
    problems: list[str]


def open_client(settings: Settings, *, http_client: httpx2.Client | None = None) -> LLMClient:
    """The client batch commands use; a batch is useless without the cache its answers go to."""
    if settings.no_cache:
        raise ConfigError("the Batch API leaves its answers in the response cache: drop --no-cache")
    client = LLMClient(settings, http_client=http_client)
    if not client.caching:
        client.close()
        raise ConfigError(
            f"the cache folder {cache_folder(settings)} is unusable, so answers could not be kept"
        )
    return client


def state_path(settings: Settings, override: Path | None = None) -> Path:
    """`--state`, else a file beside the response cache."""
    return override if override is not None else cache_folder(settings) / STATE_FILE


def load_state(path: Path) -> BatchState:
    """The last submission, or a one-line reason there is none."""
    if not path.is_file():
        raise BatchError(f"no batch submitted yet (no {path}): give a batch id")
    try:
        return BatchState.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise BatchError(f"{path} is not a batch state file ({error.__class__.__name__})") from None


def extraction_requests(
    client: LLMClient, articles: Sequence[Article], settings: Settings
) -> list[PreparedRequest]:
    """Every extraction request a live run over `articles` would send first, each once.

    Articles the run sets aside (languages the rules do not read) are left out, as the run leaves them out.
    """
    from factdiff.llm.backend import LLMExtractor, extraction_prompt
    from factdiff.pipeline import readable_articles

    extractor = LLMExtractor(client, settings)
    readable, _ = readable_articles(articles)
    requests: dict[str, PreparedRequest] = {}
    for article in readable:
        for chunk in extractor.chunks(article):
            request = client.prepare(extraction_prompt(article, chunk), ClaimList)
            requests.setdefault(request.key, request)
    return list(requests.values())


def batch_lines(requests: Sequence[PreparedRequest]) -> bytes:
    """The Batch API's input file: one request a line, its cache key as `custom_id`."""
    lines = [
        json.dumps(
            {"custom_id": request.key, "method": "POST", "url": ENDPOINT, "body": request.body},
            ensure_ascii=False,
        )
        for request in requests
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def submit(
    client: LLMClient, articles: Sequence[Article], settings: Settings, state: Path
) -> BatchState | None:
    """Upload the uncached extraction requests as one batch and remember it in `state`; None when every
    answer is cached already."""
    requests = [request for request in extraction_requests(client, articles, settings) if not request.cached]
    if not requests:
        return None
    if len(requests) > MAX_REQUESTS:
        raise BatchError(
            f"{len(requests)} extraction requests are more than one batch takes ({MAX_REQUESTS}): "
            "submit the articles in parts"
        )
    prompt = requests[0].prompt
    uploaded = _call(
        "uploading the batch file",
        lambda: client.sdk.files.create(
            file=("factdiff-batch.jsonl", batch_lines(requests), "application/jsonl"), purpose="batch"
        ),
    )
    batch = _call(
        "creating the batch",
        lambda: client.sdk.batches.create(
            input_file_id=uploaded.id,
            endpoint=ENDPOINT,
            completion_window=COMPLETION_WINDOW,
            metadata={PROMPT_METADATA: prompt},
        ),
    )
    saved = BatchState(
        batch_id=batch.id,
        input_file_id=uploaded.id,
        model=client.model,
        prompt=prompt,
        count=len(requests),
        created=time.time(),
    )
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(saved.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return saved


def retrieve(client: LLMClient, batch_id: str) -> Batch:
    """The batch as the API has it now."""
    return _call(f"batch {batch_id}", lambda: client.sdk.batches.retrieve(batch_id))


def describe(batch: Batch) -> str:
    """One line: the status and how many requests are done."""
    counts = batch.request_counts
    if counts is None:
        return f"{batch.id}: {batch.status}"
    return f"{batch.id}: {batch.status}, {counts.completed} of {counts.total} requests done, {counts.failed} failed"


def collect(client: LLMClient, batch_id: str) -> Collected:
    """Store every answer that passes the checks a live answer passes; list why the others did not.

    A request that failed, answered outside the schema or was never answered (an expired or cancelled
    batch) stays out of the cache, so the live run asks it again.
    """
    batch = retrieve(client, batch_id)
    if batch.status in RUNNING:
        raise BatchNotReady(f"batch {describe(batch)}: not finished yet, collect again later")
    if batch.status == "failed":
        errors = batch.errors.data if batch.errors else None
        reasons = "; ".join(error.message or error.code or "" for error in (errors or []))
        raise BatchError(f"batch {batch_id} failed: {reasons or 'no reason given'}")
    prompt = (batch.metadata or {}).get(PROMPT_METADATA)
    if prompt is None:
        raise BatchError(f"batch {batch_id} was not made by `factdiff batch submit`")
    from factdiff.prompts import load_prompt

    current = load_prompt("extract_claims")
    if prompt != f"{current.name}@{current.version}":
        raise BatchError(
            f"batch {batch_id} asked {prompt}, but this factdiff extracts with {current.name}@{current.version}: "
            "its answers would never be looked up"
        )
    total = batch.request_counts.total if batch.request_counts else 0
    stored = 0
    problems: list[str] = []
    seen = 0
    for line in _lines(client, batch.output_file_id) + _lines(client, batch.error_file_id):
        seen += 1
        problem = _store(client, line, prompt)
        if problem is None:
            stored += 1
        else:
            problems.append(problem)
    if seen < total:
        problems.append(f"{total - seen} never answered (batch {batch.status})")
    return Collected(batch_id=batch_id, status=batch.status, stored=stored, total=total, problems=problems)


def summary(collected: Collected) -> str:
    """The one line a user reads about the requests that were not stored."""
    left = collected.total - collected.stored
    reasons = "; ".join(collected.problems[:_MAX_REASONS])
    more = (
        f"; and {len(collected.problems) - _MAX_REASONS} more"
        if len(collected.problems) > _MAX_REASONS
        else ""
    )
    return (
        f"batch {collected.batch_id} ({collected.status}): {left} of {collected.total} requests not stored, "
        f"left for the live run: {reasons}{more}"
    )


def _store(client: LLMClient, line: dict[str, Any], prompt: str) -> str | None:
    """Check and cache one output line; the reason it was not stored, or None."""
    key = str(line.get("custom_id") or "")
    name = key[:12] or "a request without custom_id"
    response = line.get("response") or {}
    error = line.get("error")
    if error or response.get("status_code") != 200:
        detail = (error or (response.get("body") or {}).get("error") or {}).get("message")
        return f"{name} failed ({detail or response.get('status_code')})"
    try:
        client.accept(key, prompt, response.get("body") or {}, ClaimList)
    except LLMError as invalid:
        return f"{name}: {invalid}"
    return None


def _lines(client: LLMClient, file_id: str | None) -> list[dict[str, Any]]:
    if file_id is None:
        return []
    text = _call(f"file {file_id}", lambda: client.sdk.files.content(file_id).text)
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError:
        raise EndpointError(f"file {file_id} is not JSON lines") from None


def _call(what: str, call: Callable[[], R]) -> R:
    """One Batch API request; the SDK has retried it already, so what fails here is one line."""
    import openai

    try:
        return call()
    except (openai.AuthenticationError, openai.PermissionDeniedError) as error:
        raise AuthError(
            f"{what}: the API key was refused ({error.status_code}): check OPENAI_API_KEY"
        ) from None
    except openai.NotFoundError:
        raise BatchError(f"{what}: not found (404): check the batch id, the key and --base-url") from None
    except openai.APIConnectionError as error:
        raise EndpointError(f"{what}: cannot reach the endpoint: {error.__cause__ or error}") from None
    except openai.APIStatusError as error:
        raise EndpointError(f"{what}: failed ({error.status_code}): {error.message}") from None
