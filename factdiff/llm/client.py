"""The one place factdiff talks to a model.

Everything that must be the same for every call lives here: building the SDK
client, structured answers validated against a pydantic schema (with bounded
re-asks), the response cache, token and cost accounting, the budget, and
bounded concurrency, and the form in which the schema is sent (`schema_mode`:
strict `json_schema`, or `json_object` with the schema for servers such as
llama.cpp, chosen once per run by the server's answer in `auto`). Transport
retries (429, 5xx, timeouts, Retry-After) are left to the SDK's own
`max_retries`; this module never adds a second loop.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from pydantic import BaseModel, ValidationError

from factdiff.backend import Progress
from factdiff.config import SchemaMode, Settings, is_loopback
from factdiff.errors import (
    AuthError,
    BudgetExceeded,
    ConfigError,
    EndpointError,
    FactdiffError,
    RefusalError,
    SchemaError,
    TruncatedError,
)
from factdiff.llm.cache import ResponseCache, cache_key
from factdiff.llm.tokens import cost, count_chat_tokens, count_tokens, load_prices
from factdiff.models import Usage
from factdiff.prompts import RenderedPrompt

if TYPE_CHECKING:
    import httpx2
    import openai
    from openai import Omit
    from openai._legacy_response import LegacyAPIResponse
    from openai.types.chat import ChatCompletion
    from openai.types.chat.completion_create_params import ResponseFormat

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
X = TypeVar("X")
Y = TypeVar("Y")

REASKS = 2
"""Re-asks after an answer that does not validate; then the call fails with SchemaError."""
PLACEHOLDER_KEY = "not-needed"
"""Local servers ignore the key, but the SDK insists on one."""
PROMPT_HEADER = "X-Factdiff-Prompt"
REDACTED = "[redacted API key]"
_MIN_SECRET = 8
"""A shorter key ("none", "x" for a local server) is no secret, and blanking it would garble answers."""
"""Names the prompt on every request, so replay misses and server logs say which prompt it was."""

_JSON_MODE_INSTRUCTION = (
    "\n\nReply with one JSON object and nothing else. It must validate against this JSON schema:\n{schema}"
)
_REASK = (
    "Your reply could not be used: {problem}\n"
    "Reply again with the complete, corrected JSON object only, following the schema exactly."
)
_MAX_REPORTED_PROBLEMS = 10
_REFUSAL_STATUSES = frozenset({400, 422, 500})
"""How servers refuse a response format they lack: llama.cpp answers 500, others 400 or 422."""
_RESPONSE_FORMAT_WORDS = ("response_format", "json_schema")


def _names_response_format(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _RESPONSE_FORMAT_WORDS)


def _no_retry_on_format_refusal(response: httpx2.Response) -> None:
    """Tell the SDK (its `x-should-retry` header) not to re-send a request whose format the server refused.

    The SDK retries every 5xx; a server that cannot do `json_schema` answers the
    same way every time, so each retry would only be one more refused request.
    """
    if response.status_code in _REFUSAL_STATUSES:
        response.read()
        if _names_response_format(response.text):
            response.headers["x-should-retry"] = "false"


class _InvalidAnswer(Exception):
    """An answer that arrived but does not fit the schema; worth one more ask."""

    def __init__(self, content: str, problem: str) -> None:
        super().__init__(problem)
        self.content = content
        self.problem = problem


def _describe(error: ValidationError) -> str:
    """Compact enough to send back to the model, precise enough for it to fix the answer."""
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or '(root)'}: {item['msg']}"
        for item in error.errors(include_url=False)[:_MAX_REPORTED_PROBLEMS]
    ]
    return "; ".join(problems)


class PreparedRequest(NamedTuple):
    """One request as the Batch API takes it: `body` is what `structured` would send for the same prompt."""

    key: str
    prompt: str
    body: dict[str, Any]
    cached: bool


def _json_mode(
    messages: list[dict[str, str]], schema: type[BaseModel], mode: SchemaMode
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """Messages and response_format of a JSON-mode request: the model reads the schema in the prompt, and a
    server that takes it in response_format (`json_object_schema`) also enforces it."""
    json_schema = schema.model_json_schema()
    system, *rest = messages
    instructed = {
        **system,
        "content": system["content"] + _JSON_MODE_INSTRUCTION.format(schema=json.dumps(json_schema)),
    }
    response_format: dict[str, Any] = {"type": "json_object"}
    if mode == "json_object_schema":
        response_format["schema"] = json_schema
    return [instructed, *rest], response_format


class LLMClient:
    """Structured, cached, budgeted model calls; safe to share between threads."""

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx2.Client | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        if not settings.api_key and not settings.base_url:
            raise ConfigError(
                "no model endpoint configured: set OPENAI_API_KEY (or FACTDIFF_API_KEY), "
                "or FACTDIFF_BASE_URL for a local OpenAI-compatible server, or use --backend offline"
            )
        import openai

        self.model: str = settings.model
        self.base_url: str | None = settings.base_url
        self._settings = settings
        self._schema_mode: SchemaMode = (
            "json_schema" if settings.schema_mode == "auto" else settings.schema_mode
        )
        http_client = http_client if http_client is not None else openai.DefaultHttpxClient()
        hooks = http_client.event_hooks
        http_client.event_hooks = {**hooks, "response": [*hooks["response"], _no_retry_on_format_refusal]}
        self._openai = openai.OpenAI(
            api_key=settings.api_key or PLACEHOLDER_KEY,
            base_url=settings.base_url,
            max_retries=settings.max_retries,
            timeout=settings.timeout_s,
            http_client=http_client,
        )
        self._cache = cache if cache is not None else ResponseCache.from_settings(settings)
        # Settings has no `price_file` field yet; until it does, the built-in table applies.
        self._prices = load_prices(settings.price_file)
        self._lock = threading.Lock()
        self._usage = Usage()
        self._reserved_tokens = 0
        self._reserved_cost = 0.0

    @property
    def schema_mode(self) -> SchemaMode:
        """The form the schema is sent in now; in `auto`, `json_object_schema` once the server refused strict."""
        with self._lock:
            return self._schema_mode

    @property
    def usage(self) -> Usage:
        """A snapshot: requests actually sent, tokens billed, dollars, and answers served from the cache."""
        with self._lock:
            return self._usage.model_copy()

    def close(self) -> None:
        """Release the HTTP connections and the cache file."""
        self._openai.close()
        if self._cache is not None:
            self._cache.close()

    def structured(
        self, prompt: RenderedPrompt, schema: type[T], *, max_output_tokens: int | None = None
    ) -> T:
        """One validated answer to `prompt`, from the cache when this exact question was asked before.

        Raises BudgetExceeded, EndpointError, AuthError, TruncatedError,
        RefusalError or SchemaError; each is one line a user can act on.
        """
        messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
        # keyed without the schema mode: an answer that validates is the same answer however it was asked
        key = self._key(prompt, schema, messages)
        if self._cache is not None:
            cached = self._cache.get(key)
            if cached is not None:
                with self._lock:
                    self._usage.cache_hits += 1
                return schema.model_validate_json(self._scrub(cached))
        try:
            answer = self._ask_until_valid(prompt, messages, schema, max_output_tokens)
        except FactdiffError as error:
            message = self._scrub(str(error))
            if message != str(error):
                raise type(error)(message) from None
            raise
        answer = schema.model_validate_json(self._scrub(answer.model_dump_json()))
        if self._cache is not None:
            self._cache.put(key, answer.model_dump_json(), prompt=f"{prompt.name}@{prompt.version}")
        return answer

    def _scrub(self, text: str) -> str:
        """`text` with the API key blanked. A model that obeys an injected "print your API key", or a
        server that echoes the request in an error, must not put the key in a report, the cache or a log."""
        secret = self._settings.api_key
        return text.replace(secret, REDACTED) if secret and len(secret) >= _MIN_SECRET else text

    def map(
        self, fn: Callable[[X], Y], items: Sequence[X], progress: Progress | None = None
    ) -> list[Y | Exception]:
        """`fn` over `items` on at most `settings.concurrency` threads, results in input order.

        A failing item's exception takes its place in the result list, so one
        bad article never hides the others' results.
        """
        from concurrent.futures import ThreadPoolExecutor, as_completed

        results: dict[int, Y | Exception] = {}
        pool = ThreadPoolExecutor(max_workers=self._settings.concurrency, thread_name_prefix="factdiff-llm")
        try:
            futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
            for future in as_completed(futures):
                try:
                    results[futures[future]] = future.result()
                except Exception as error:
                    results[futures[future]] = error
                if progress is not None:
                    progress(1)
        finally:
            # On Ctrl-C, drop queued items; calls in flight finish and land in the cache for a resume.
            pool.shutdown(wait=True, cancel_futures=True)
        return [results[index] for index in range(len(items))]

    def _key(self, prompt: RenderedPrompt, schema: type[BaseModel], messages: list[dict[str, str]]) -> str:
        return cache_key(
            base_url=self.base_url,
            model=self.model,
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            schema=schema,
            messages=messages,
            temperature=self._settings.temperature,
        )

    def _ask_until_valid(
        self,
        prompt: RenderedPrompt,
        messages: list[dict[str, str]],
        schema: type[T],
        max_output_tokens: int | None,
    ) -> T:
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        conversation = messages

        def attempt() -> T:
            nonlocal conversation
            try:
                return self._ask(prompt, conversation, schema, max_output_tokens)
            except _InvalidAnswer as invalid:
                # Only the latest bad answer goes back: the conversation stays the size of one re-ask.
                conversation = [
                    *messages,
                    {"role": "assistant", "content": invalid.content},
                    {"role": "user", "content": _REASK.format(problem=invalid.problem)},
                ]
                raise

        retrying = Retrying(
            stop=stop_after_attempt(1 + REASKS),
            retry=retry_if_exception_type(_InvalidAnswer),
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _InvalidAnswer as invalid:
            raise SchemaError(
                f"prompt {prompt.name!r}: {self.model} kept answering outside the {schema.__name__} schema "
                f"after {REASKS} re-asks ({invalid.problem})"
            ) from None

    def _ask(
        self,
        prompt: RenderedPrompt,
        messages: list[dict[str, str]],
        schema: type[T],
        max_output_tokens: int | None,
    ) -> T:
        # the schema travels in every mode: in response_format, in the prompt, or both
        estimated_input = count_chat_tokens(messages, self.model)
        estimated_input += count_tokens(json.dumps(schema.model_json_schema()), self.model)
        reservation = self._reserve(estimated_input, max_output_tokens or 0)
        try:
            raw = self._send(prompt, messages, schema, max_output_tokens)
            body = self._body(raw)
            self._record(body, estimated_input)
        finally:
            self._release(reservation)
        return self._interpret(raw, body, schema)

    def _reserve(self, input_tokens: int, output_tokens: int) -> tuple[int, float]:
        """Hold this call's share of the budget, so concurrent calls cannot overshoot it together."""
        tokens = input_tokens + output_tokens
        dollars = cost(self.model, input_tokens, 0, output_tokens, self._prices)
        max_tokens, max_cost = self._settings.max_tokens, self._settings.max_cost
        with self._lock:
            used_tokens = self._usage.input_tokens + self._usage.output_tokens + self._reserved_tokens
            used_cost = self._usage.cost_usd + self._reserved_cost
            if max_tokens is not None and used_tokens + tokens > max_tokens:
                raise BudgetExceeded(
                    f"token budget reached: this call needs about {tokens} tokens and {used_tokens} of the "
                    f"{max_tokens} allowed are used; raise --max-tokens to continue"
                )
            if max_cost is not None and used_cost + dollars > max_cost:
                raise BudgetExceeded(
                    f"cost budget reached: this call costs about ${dollars:.4f} and ${used_cost:.4f} of the "
                    f"${max_cost:.2f} allowed is spent; raise --max-cost to continue"
                )
            self._reserved_tokens += tokens
            self._reserved_cost += dollars
        return tokens, dollars

    def _release(self, reservation: tuple[int, float]) -> None:
        tokens, dollars = reservation
        with self._lock:
            self._reserved_tokens -= tokens
            self._reserved_cost -= dollars

    def _send(
        self,
        prompt: RenderedPrompt,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        max_output_tokens: int | None,
    ) -> LegacyAPIResponse[Any]:
        """One request; the SDK retries transport failures, and what survives its retries is translated.

        In `auto`, a server refusing strict `json_schema` is asked again once in
        `json_object_schema`, which then holds for the rest of the run.
        """
        import openai

        where = f"{self.model} at {self.base_url or 'api.openai.com'}"
        mode = self.schema_mode
        try:
            try:
                return self._post(prompt, messages, schema, max_output_tokens, mode)
            except openai.APIStatusError as error:
                if not self._fall_back(mode, error, where):
                    raise
                mode = self.schema_mode
                return self._post(prompt, messages, schema, max_output_tokens, mode)
        except (openai.AuthenticationError, openai.PermissionDeniedError) as error:
            raise AuthError(
                f"{where} refused the API key ({error.status_code}): check OPENAI_API_KEY"
            ) from None
        except openai.NotFoundError:
            raise ConfigError(f"{where} was not found (404): check --model and --base-url") from None
        except openai.APITimeoutError:
            raise EndpointError(
                f"{where} timed out ({self._settings.timeout_s:.0f} s, {self._settings.max_retries} retries); "
                "raise FACTDIFF_TIMEOUT_S or try again later"
            ) from None
        except openai.APIConnectionError as error:
            raise EndpointError(f"cannot reach {where}: {error.__cause__ or error}") from None
        except openai.APIStatusError as error:
            if error.status_code in _REFUSAL_STATUSES and _names_response_format(_error_text(error)):
                raise EndpointError(
                    f"{where} refused the response format ({error.status_code}, schema mode {mode}): "
                    f"{error.message}; {_OTHER_MODES[mode]}"
                ) from None
            if isinstance(error, openai.BadRequestError):
                raise EndpointError(f"{where} rejected the request (400): {error.message}") from None
            raise EndpointError(
                f"{where} kept failing ({error.status_code}) after {self._settings.max_retries} retries: "
                f"{error.message}"
            ) from None

    def _fall_back(self, mode: SchemaMode, error: openai.APIStatusError, where: str) -> bool:
        """Whether to ask again in `json_object_schema` because the server refused strict `json_schema`."""
        if self._settings.schema_mode != "auto" or mode != "json_schema":
            return False
        if error.status_code not in _REFUSAL_STATUSES or not _names_response_format(_error_text(error)):
            return False
        with self._lock:
            first = self._schema_mode == "json_schema"
            self._schema_mode = "json_object_schema"
        if first:
            # concurrent calls refused alongside the first one switch silently
            log.warning(
                "%s refused strict json_schema output (%s): sending json_object with the schema for the rest "
                "of this run (--schema-mode json_object_schema skips the refused request)",
                where,
                error.status_code,
            )
        return True

    def _post(
        self,
        prompt: RenderedPrompt,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        max_output_tokens: int | None,
        mode: SchemaMode,
    ) -> LegacyAPIResponse[Any]:
        """The request in one schema mode; strict goes through the SDK's `parse`, the JSON modes through `create`."""
        options: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self._settings.temperature,
            "extra_headers": {PROMPT_HEADER: f"{prompt.name}@{prompt.version}"},
        }
        limit = max_output_tokens or self._settings.max_answer_tokens
        if limit is not None:
            # local servers (llama.cpp, Ollama) read the older max_tokens; OpenAI wants max_completion_tokens
            options["max_tokens" if is_loopback(self.base_url) else "max_completion_tokens"] = limit
        completions = self._openai.chat.completions.with_raw_response
        if mode == "json_schema":
            return completions.parse(response_format=schema, **options)
        options["messages"], response_format = _json_mode(messages, schema, mode)
        # the SDK's json_object format has no `schema` key; llama.cpp-style servers read one
        sdk_format = cast("ResponseFormat", response_format)
        return completions.create(response_format=sdk_format, **options)

    def _body(self, raw: LegacyAPIResponse[Any]) -> dict[str, Any]:
        try:
            body = raw.http_response.json()
        except ValueError:
            raise EndpointError(f"{self.model} at {self.base_url}: the reply is not JSON") from None
        if not isinstance(body, dict):
            raise EndpointError(f"{self.model} at {self.base_url}: the reply is not a chat completion")
        return body

    def _record(self, body: Mapping[str, Any], estimated_input: int) -> None:
        """Bill what the server reports; servers that report nothing are billed our own count."""
        usage = body.get("usage") or {}
        input_tokens = usage.get("prompt_tokens")
        output_tokens = usage.get("completion_tokens")
        cached_tokens = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
        if input_tokens is None:
            input_tokens = estimated_input
        if output_tokens is None:
            output_tokens = count_tokens(_content(body), self.model)
        dollars = cost(self.model, input_tokens, cached_tokens, output_tokens, self._prices)
        with self._lock:
            self._usage.requests += 1
            self._usage.input_tokens += input_tokens
            self._usage.cached_input_tokens += cached_tokens
            self._usage.output_tokens += output_tokens
            self._usage.cost_usd += dollars

    def _interpret(self, raw: LegacyAPIResponse[Any], body: Mapping[str, Any], schema: type[T]) -> T:
        """The validated answer, or the reason there is none."""
        import openai

        try:
            completion = raw.parse()
        except openai.LengthFinishReasonError:
            raise self._truncated() from None
        except openai.ContentFilterFinishReasonError:
            raise RefusalError(f"{self.model}: a content filter stopped the answer") from None
        except ValidationError as error:
            raise _InvalidAnswer(_content(body), _describe(error)) from None
        return self._answer(completion, schema)

    def _answer(self, completion: ChatCompletion, schema: type[T]) -> T:
        """The checks every answer passes after the SDK parsed it, live or from a batch."""
        if not completion.choices:
            raise _InvalidAnswer("", "the reply had no choices")
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise self._truncated()
        if choice.finish_reason == "content_filter":
            raise RefusalError(f"{self.model}: a content filter stopped the answer")
        if choice.message.refusal:
            raise RefusalError(f"{self.model} refused: {choice.message.refusal}")
        parsed = getattr(choice.message, "parsed", None)
        if isinstance(parsed, schema):
            return parsed
        content = choice.message.content or ""
        try:
            return schema.model_validate_json(content)
        except ValidationError as error:
            raise _InvalidAnswer(content, _describe(error)) from None

    def _truncated(self) -> TruncatedError:
        return TruncatedError(f"{self.model}: the answer hit the output-length limit; split the input")

    # The Batch API (factdiff/llm/batch.py) sends the requests `structured` would send, hours later and at
    # half price, and hands each answer back here to be checked and cached as a live one would be.

    @property
    def sdk(self) -> openai.OpenAI:
        """The SDK client this one is built on, for the Batch API's file and batch endpoints."""
        return self._openai

    @property
    def caching(self) -> bool:
        """Whether answers are kept: batch answers have nowhere else to go."""
        return self._cache is not None

    def prepare(
        self, prompt: RenderedPrompt, schema: type[BaseModel], *, max_output_tokens: int | None = None
    ) -> PreparedRequest:
        """The chat-completions body `structured` would send for `prompt`, and the key its answer is cached by."""
        messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
        key = self._key(prompt, schema, messages)
        mode = self.schema_mode
        response_format: Mapping[str, object] | Omit
        if mode == "json_schema":
            from openai.lib._parsing import type_to_response_format_param  # what `parse` sends

            sent, response_format = messages, type_to_response_format_param(schema)
        else:
            sent, response_format = _json_mode(messages, schema, mode)
        body: dict[str, Any] = {
            "messages": sent,
            "model": self.model,
            "temperature": self._settings.temperature,
            "response_format": response_format,
        }
        if max_output_tokens is not None:
            body["max_completion_tokens"] = max_output_tokens
        cached = self._cache is not None and self._cache.get(key) is not None
        return PreparedRequest(key=key, prompt=f"{prompt.name}@{prompt.version}", body=body, cached=cached)

    def accept(self, request_key: str, prompt: str, body: Mapping[str, Any], schema: type[T]) -> T:
        """Check a chat completion that came another way exactly as a live answer is checked, then cache it.

        There is no re-ask: a bad answer raises SchemaError, TruncatedError or RefusalError and is left for a
        live run to ask again.
        """
        from openai.types.chat import ChatCompletion

        try:
            completion = ChatCompletion.model_validate(body)
        except ValidationError:
            raise EndpointError(f"{self.model}: the answer is not a chat completion") from None
        try:
            answer = self._answer(completion, schema)
        except _InvalidAnswer as invalid:
            raise SchemaError(
                f"{self.model} answered outside the {schema.__name__} schema ({invalid.problem})"
            ) from None
        if self._cache is not None:
            self._cache.put(request_key, answer.model_dump_json(), prompt=prompt)
        return answer


_OTHER_MODES: dict[SchemaMode, str] = {
    "json_schema": "try --schema-mode json_object_schema (llama.cpp) or json_object",
    "json_object_schema": "try --schema-mode json_object (the schema only in the prompt)",
    "json_object": "this server has no JSON mode that factdiff can use",
}


def _error_text(error: openai.APIStatusError) -> str:
    return f"{error.message} {json.dumps(error.body, default=str)}"


def _content(body: Mapping[str, Any]) -> str:
    choices = body.get("choices") or [{}]
    return (choices[0].get("message") or {}).get("content") or ""
