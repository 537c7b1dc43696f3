"""LLMClient through the real OpenAI SDK, with scripted HTTP answers instead of a server."""

from __future__ import annotations

import json
import threading

import httpx2
import pytest
from pydantic import BaseModel

from factdiff.config import LOCAL_CONCURRENCY, LOCAL_MAX_RETRIES, LOCAL_TIMEOUT_S, Settings
from factdiff.errors import (
    AuthError,
    BudgetExceeded,
    ConfigError,
    EndpointError,
    RefusalError,
    ReplayMissError,
    SchemaError,
    TruncatedError,
)
from factdiff.llm.cache import ResponseCache
from factdiff.llm.client import PLACEHOLDER_KEY, LLMClient
from factdiff.llm.fake import ReplayTransport, ScriptedTransport, chat_completion_body, request_key
from factdiff.prompts import RenderedPrompt


class Answer(BaseModel):
    count: int
    place: str | None


GOOD = '{"count": 155, "place": "Kyiv"}'
PROMPT = RenderedPrompt(
    name="extract_claims", version="1", system="You extract claims.", user="Some article."
)


def make_client(transport: httpx2.BaseTransport, **overrides: object) -> LLMClient:
    values: dict[str, object] = {"api_key": "sk-test", "max_retries": 2, "no_cache": True, **overrides}
    return LLMClient(Settings(**values), http_client=httpx2.Client(transport=transport))


def test_happy_path_sends_the_schema_and_returns_the_validated_answer():
    transport = ScriptedTransport([chat_completion_body(GOOD)])
    client = make_client(transport)

    answer = client.structured(PROMPT, Answer, max_output_tokens=500)

    assert answer == Answer(count=155, place="Kyiv")
    [body] = transport.bodies
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["messages"] == [
        {"role": "system", "content": PROMPT.system},
        {"role": "user", "content": PROMPT.user},
    ]
    assert body["max_completion_tokens"] == 500
    assert transport.requests[0].headers["X-Factdiff-Prompt"] == "extract_claims@1"


def test_rate_limit_is_retried_by_the_sdk_honouring_retry_after():
    limited = httpx2.Response(429, json={"error": {"message": "slow down"}}, headers={"retry-after": "0.01"})
    transport = ScriptedTransport([limited, chat_completion_body(GOOD)])

    answer = make_client(transport).structured(PROMPT, Answer)

    assert answer.count == 155
    assert len(transport.requests) == 2


def test_server_error_then_success():
    transport = ScriptedTransport([500, chat_completion_body(GOOD)])

    assert make_client(transport).structured(PROMPT, Answer).count == 155
    assert len(transport.requests) == 2


def test_persistent_server_error_is_an_endpoint_error_after_the_sdk_retries():
    transport = ScriptedTransport([500, 500, 500])

    with pytest.raises(EndpointError, match="500"):
        make_client(transport, max_retries=2).structured(PROMPT, Answer)
    assert len(transport.requests) == 3


def test_persistent_rate_limit_is_an_endpoint_error():
    transport = ScriptedTransport([429, 429])

    with pytest.raises(EndpointError, match="429"):
        make_client(transport, max_retries=1).structured(PROMPT, Answer)


def test_timeout_is_an_endpoint_error():
    transport = ScriptedTransport([httpx2.ReadTimeout("too slow"), httpx2.ReadTimeout("too slow")])

    with pytest.raises(EndpointError, match="timed out"):
        make_client(transport, max_retries=1).structured(PROMPT, Answer)
    assert len(transport.requests) == 2


def test_rejected_key_is_an_auth_error_without_retries():
    transport = ScriptedTransport([401])

    with pytest.raises(AuthError):
        make_client(transport).structured(PROMPT, Answer)
    assert len(transport.requests) == 1


def test_malformed_json_is_re_asked():
    transport = ScriptedTransport([chat_completion_body('{"count": 155, "pla'), chat_completion_body(GOOD)])

    assert make_client(transport).structured(PROMPT, Answer).place == "Kyiv"
    assert len(transport.requests) == 2


def test_schema_violation_is_re_asked_with_the_error_and_the_bad_answer():
    bad = '{"count": "many", "place": null}'
    transport = ScriptedTransport([chat_completion_body(bad), chat_completion_body(GOOD)])

    answer = make_client(transport).structured(PROMPT, Answer)

    assert answer.count == 155
    first, second = transport.bodies
    assert second["messages"][:2] == first["messages"]
    assert second["messages"][2] == {"role": "assistant", "content": bad}
    assert second["messages"][3]["role"] == "user"
    assert "count" in second["messages"][3]["content"]
    assert "integer" in second["messages"][3]["content"]


def test_repeated_schema_violation_is_a_schema_error_after_two_re_asks():
    bad = chat_completion_body('{"count": "many"}')
    transport = ScriptedTransport([bad, bad, bad, chat_completion_body(GOOD)])

    with pytest.raises(SchemaError, match="Answer"):
        make_client(transport).structured(PROMPT, Answer)
    assert len(transport.requests) == 3
    # Each re-ask carries only the latest bad answer, not the whole history.
    assert len(transport.bodies[2]["messages"]) == 4


def test_length_finish_is_truncated_error_in_both_modes():
    for strict in (True, False):
        transport = ScriptedTransport([chat_completion_body('{"count": 1', finish_reason="length")])
        with pytest.raises(TruncatedError):
            make_client(transport, strict_schema=strict).structured(PROMPT, Answer)
        assert len(transport.requests) == 1


def test_refusal_is_refusal_error():
    transport = ScriptedTransport([chat_completion_body(None, refusal="I can't help with that.")])

    with pytest.raises(RefusalError, match="can't help"):
        make_client(transport).structured(PROMPT, Answer)


def test_content_filter_is_refusal_error_in_both_modes():
    for strict in (True, False):
        transport = ScriptedTransport([chat_completion_body(None, finish_reason="content_filter")])
        with pytest.raises(RefusalError, match="content filter"):
            make_client(transport, strict_schema=strict).structured(PROMPT, Answer)


def test_cache_hit_makes_no_request(tmp_path):
    transport = ScriptedTransport([chat_completion_body(GOOD)])
    client = make_client(transport, no_cache=False, cache_dir=tmp_path)

    first = client.structured(PROMPT, Answer)
    second = client.structured(PROMPT, Answer)

    assert first == second
    assert len(transport.requests) == 1
    assert client.usage.requests == 1
    assert client.usage.cache_hits == 1


def test_cache_survives_a_new_client_so_an_interrupted_run_resumes(tmp_path):
    other = RenderedPrompt(name="extract_claims", version="1", system=PROMPT.system, user="Another article.")
    first_transport = ScriptedTransport([chat_completion_body(GOOD)])
    make_client(first_transport, no_cache=False, cache_dir=tmp_path).structured(PROMPT, Answer)

    second_transport = ScriptedTransport([chat_completion_body('{"count": 2, "place": null}')])
    resumed = make_client(second_transport, no_cache=False, cache_dir=tmp_path)
    answers = [resumed.structured(prompt, Answer) for prompt in (PROMPT, other)]

    assert [answer.count for answer in answers] == [155, 2]
    assert len(second_transport.requests) == 1
    assert json.loads(second_transport.requests[0].content)["messages"][1]["content"] == "Another article."


def test_cache_is_keyed_by_prompt_version(tmp_path):
    newer = RenderedPrompt(name=PROMPT.name, version="2", system=PROMPT.system, user=PROMPT.user)
    transport = ScriptedTransport([chat_completion_body(GOOD), chat_completion_body(GOOD)])
    client = make_client(transport, no_cache=False, cache_dir=tmp_path)

    client.structured(PROMPT, Answer)
    client.structured(newer, Answer)

    assert len(transport.requests) == 2


def test_invalid_answers_are_not_cached(tmp_path):
    cache = ResponseCache(tmp_path / "responses.sqlite3")
    bad = chat_completion_body('{"count": "many"}')
    transport = ScriptedTransport([bad, bad, bad])
    client = LLMClient(
        Settings(api_key="sk-test", max_retries=0),
        http_client=httpx2.Client(transport=transport),
        cache=cache,
    )

    with pytest.raises(SchemaError):
        client.structured(PROMPT, Answer)
    assert len(cache) == 0


def test_map_respects_the_concurrency_bound_and_keeps_order_and_errors():
    transport = ScriptedTransport(
        [chat_completion_body('{"count": 1, "place": null}') for _ in range(12)], delay_s=0.02
    )
    client = make_client(transport, concurrency=3)
    advanced: list[int] = []
    lock = threading.Lock()

    def ask(index: int) -> int:
        if index == 5:
            raise ValueError("article 5 is broken")
        prompt = RenderedPrompt(name="extract_claims", version="1", system="s", user=f"article {index}")
        return client.structured(prompt, Answer).count + index

    def progress(done: int) -> None:
        with lock:
            advanced.append(done)

    results = client.map(ask, list(range(12)), progress)

    assert 1 < transport.max_in_flight <= 3
    assert isinstance(results[5], ValueError)
    assert [result for index, result in enumerate(results) if index != 5] == [
        1 + index for index in range(12) if index != 5
    ]
    assert sum(advanced) == 12


def test_budget_smaller_than_the_prompt_refuses_before_any_request():
    transport = ScriptedTransport([chat_completion_body(GOOD)])
    client = make_client(transport, max_tokens=5)

    with pytest.raises(BudgetExceeded, match="max-tokens"):
        client.structured(PROMPT, Answer)
    assert transport.requests == []


def test_budget_stops_once_spent():
    usage = {"prompt_tokens": 900, "completion_tokens": 100, "total_tokens": 1000}
    transport = ScriptedTransport([chat_completion_body(GOOD, usage=usage)])
    client = make_client(transport, max_tokens=1050)

    client.structured(PROMPT, Answer)
    other = RenderedPrompt(name="extract_claims", version="1", system=PROMPT.system, user="Another article.")
    with pytest.raises(BudgetExceeded):
        client.structured(other, Answer)
    assert len(transport.requests) == 1


def test_cost_budget_counts_the_requested_output():
    transport = ScriptedTransport([chat_completion_body(GOOD)])
    # gpt-4.1-mini output is $1.60 per million: 100k output tokens would cost $0.16.
    client = make_client(transport, max_cost=0.10, model="gpt-4.1-mini")

    with pytest.raises(BudgetExceeded, match="max-cost"):
        client.structured(PROMPT, Answer, max_output_tokens=100_000)
    assert transport.requests == []


def test_usage_accumulates_tokens_cached_tokens_and_cost():
    usage = {
        "prompt_tokens": 1000,
        "completion_tokens": 200,
        "total_tokens": 1200,
        "prompt_tokens_details": {"cached_tokens": 400},
    }
    transport = ScriptedTransport([chat_completion_body(GOOD, usage=usage)] * 2)
    client = make_client(transport, model="gpt-4.1-mini")

    client.structured(PROMPT, Answer)
    client.structured(RenderedPrompt(name="judge", version="1", system="s", user="u"), Answer)

    total = client.usage
    assert (total.requests, total.input_tokens, total.cached_input_tokens, total.output_tokens) == (
        2,
        2000,
        800,
        400,
    )
    # 1200 uncached at $0.40, 800 cached at $0.10, 400 output at $1.60 per million.
    assert total.cost_usd == pytest.approx((1200 * 0.40 + 800 * 0.10 + 400 * 1.60) / 1_000_000)


def test_usage_counts_every_re_ask():
    transport = ScriptedTransport([chat_completion_body('{"count": "x"}'), chat_completion_body(GOOD)])
    client = make_client(transport)

    client.structured(PROMPT, Answer)

    assert client.usage.requests == 2
    assert client.usage.input_tokens == 200


def test_json_mode_asks_for_a_json_object_describes_the_schema_and_validates():
    transport = ScriptedTransport([chat_completion_body('{"count": "x"}'), chat_completion_body(GOOD)])
    client = make_client(transport, strict_schema=False)

    answer = client.structured(PROMPT, Answer)

    assert answer.place == "Kyiv"
    first = transport.bodies[0]
    assert first["response_format"] == {"type": "json_object"}
    assert first["messages"][0]["content"].startswith(PROMPT.system)
    assert '"count"' in first["messages"][0]["content"]
    assert len(transport.requests) == 2


def test_base_url_without_key_uses_a_placeholder_key():
    transport = ScriptedTransport([chat_completion_body(GOOD)])
    client = make_client(transport, api_key=None, base_url="http://localhost:8080/v1")

    client.structured(PROMPT, Answer)

    request = transport.requests[0]
    assert str(request.url) == "http://localhost:8080/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {PLACEHOLDER_KEY}"
    assert client.base_url == "http://localhost:8080/v1"


def test_no_key_and_no_base_url_is_a_config_error():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        LLMClient(Settings())


def test_replay_answers_known_requests_and_names_the_prompt_on_a_miss():
    recorder = ReplayTransport({}, fallback=ScriptedTransport([chat_completion_body(GOOD)]))
    make_client(recorder).structured(PROMPT, Answer)
    assert len(recorder.recorded) == 1

    replay = ReplayTransport(recorder.recorded)
    client = make_client(replay)
    assert client.structured(PROMPT, Answer).count == 155

    other = RenderedPrompt(name="judge", version="3", system="s", user="u")
    with pytest.raises(ReplayMissError, match="judge@3"):
        client.structured(other, Answer)


def test_request_key_ignores_transport_details_but_not_messages():
    body = {"model": "m", "messages": [{"role": "user", "content": "a"}], "response_format": None}
    assert request_key({**body, "temperature": 0.0, "stream": False}) == request_key(body)
    assert request_key({**body, "messages": [{"role": "user", "content": "b"}]}) != request_key(body)


class LlamaCppLike(httpx2.MockTransport):
    """Refuses a strict json_schema response format with a 500, as llama.cpp's server does; takes json_object."""

    def __init__(self, refusal_status: int = 500) -> None:
        super().__init__(self._answer)
        self._status = refusal_status
        self._lock = threading.Lock()
        self.bodies: list[dict[str, object]] = []

    @property
    def refused(self) -> int:
        return sum(1 for body in self.bodies if body["response_format"]["type"] == "json_schema")

    def _answer(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        with self._lock:
            self.bodies.append(body)
        if body["response_format"]["type"] == "json_schema":
            message = "response_format type 'json_schema' is not supported"
            return httpx2.Response(self._status, json={"error": {"message": message}})
        return httpx2.Response(200, json=chat_completion_body(GOOD))


def test_auto_falls_back_once_to_json_object_with_the_schema_when_strict_is_refused(caplog):
    transport = LlamaCppLike()
    # max_retries=2: the SDK would re-send a 500 twice; a refused format must be sent once
    client = make_client(transport, base_url="http://127.0.0.1:8080/v1")
    other = RenderedPrompt(name="judge", version="1", system="s", user="u")

    with caplog.at_level("WARNING", logger="factdiff"):
        answers = [client.structured(PROMPT, Answer), client.structured(other, Answer)]

    assert answers == [Answer(count=155, place="Kyiv")] * 2
    assert transport.refused == 1
    assert len(transport.bodies) == 3
    fallback = transport.bodies[1]["response_format"]
    assert fallback == {"type": "json_object", "schema": Answer.model_json_schema()}
    assert '"count"' in transport.bodies[1]["messages"][0]["content"]
    assert transport.bodies[2]["response_format"]["type"] == "json_object"
    assert client.schema_mode == "json_object_schema"
    assert client.usage.requests == 2
    [warning] = [record.getMessage() for record in caplog.records]
    assert "refused strict json_schema" in warning and "--schema-mode json_object_schema" in warning


def test_auto_falls_back_on_a_400_or_422_naming_the_response_format():
    for status in (400, 422):
        transport = LlamaCppLike(refusal_status=status)
        client = make_client(transport)
        assert client.structured(PROMPT, Answer).count == 155
        assert (transport.refused, len(transport.bodies)) == (1, 2)


def test_concurrent_calls_refused_together_each_fall_back_and_all_answer(caplog):
    transport = LlamaCppLike()
    client = make_client(transport, concurrency=4)
    prompts = [RenderedPrompt(name="judge", version="1", system="s", user=f"u{i}") for i in range(8)]

    with caplog.at_level("WARNING", logger="factdiff"):
        results = client.map(lambda prompt: client.structured(prompt, Answer), prompts)

    assert all(isinstance(result, Answer) for result in results)
    assert 1 <= transport.refused <= 4
    assert len(caplog.records) == 1


def test_a_transient_500_is_retried_by_the_sdk_and_keeps_strict_mode():
    transport = ScriptedTransport([500, chat_completion_body(GOOD)])
    client = make_client(transport)

    assert client.structured(PROMPT, Answer).count == 155
    assert [body["response_format"]["type"] for body in transport.bodies] == ["json_schema"] * 2
    assert client.schema_mode == "json_schema"


def test_strict_mode_set_by_the_user_never_falls_back():
    transport = LlamaCppLike()

    with pytest.raises(EndpointError, match="json_object_schema"):
        make_client(transport, schema_mode="json_schema").structured(PROMPT, Answer)
    assert len(transport.bodies) == 1


def test_json_object_schema_mode_sends_the_schema_without_asking_strict_first():
    transport = LlamaCppLike()

    make_client(transport, schema_mode="json_object_schema").structured(PROMPT, Answer)

    [body] = transport.bodies
    assert body["response_format"] == {"type": "json_object", "schema": Answer.model_json_schema()}


def test_no_strict_schema_still_means_plain_json_mode():
    assert Settings(strict_schema=False).schema_mode == "json_object"
    assert Settings(strict_schema=False, schema_mode="json_object_schema").schema_mode == "json_object_schema"


def test_an_answer_cached_after_the_fall_back_is_served_to_the_next_run_without_a_request(tmp_path):
    make_client(LlamaCppLike(), no_cache=False, cache_dir=tmp_path).structured(PROMPT, Answer)

    again = LlamaCppLike()
    assert make_client(again, no_cache=False, cache_dir=tmp_path).structured(PROMPT, Answer).count == 155
    assert again.bodies == []


def test_loopback_endpoints_default_to_one_request_at_a_time_a_long_timeout_and_no_re_send(monkeypatch):
    for url in ("http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://[::1]:8000/v1"):
        local = Settings(base_url=url)
        assert (local.concurrency, local.timeout_s, local.max_retries) == (
            LOCAL_CONCURRENCY,
            LOCAL_TIMEOUT_S,
            LOCAL_MAX_RETRIES,
        )
    remote = Settings(base_url="https://models.example.com/v1")
    assert (remote.concurrency, remote.timeout_s, remote.max_retries) == (8, 60.0, 3)
    assert Settings(base_url="http://127.0.0.1:8080/v1", concurrency=3, timeout_s=30).concurrency == 3
    monkeypatch.setenv("FACTDIFF_TIMEOUT_S", "90")
    assert Settings(base_url="http://127.0.0.1:8080/v1").timeout_s == 90


def test_a_local_server_that_times_out_is_not_sent_the_request_again():
    transport = ScriptedTransport([httpx2.ReadTimeout("slow")] * 3)
    settings = Settings(base_url="http://127.0.0.1:8080/v1", no_cache=True)
    client = LLMClient(settings, http_client=httpx2.Client(transport=transport))

    with pytest.raises(EndpointError, match="timed out"):
        client.structured(PROMPT, Answer)
    assert len(transport.requests) == 1
    assert client._openai.timeout == LOCAL_TIMEOUT_S


def test_a_local_answer_is_bounded_in_the_field_local_servers_read_and_a_remote_one_in_openais():
    local = ScriptedTransport([chat_completion_body(GOOD)])
    settings = Settings(base_url="http://127.0.0.1:8080/v1", no_cache=True)
    LLMClient(settings, http_client=httpx2.Client(transport=local)).structured(PROMPT, Answer)
    assert (
        local.bodies[0]["max_tokens"] == settings.max_answer_tokens
        and "max_completion_tokens" not in local.bodies[0]
    )

    remote = ScriptedTransport([chat_completion_body(GOOD)])
    LLMClient(
        Settings(api_key="sk-test", no_cache=True), http_client=httpx2.Client(transport=remote)
    ).structured(PROMPT, Answer)
    assert "max_tokens" not in remote.bodies[0] and "max_completion_tokens" not in remote.bodies[0]
