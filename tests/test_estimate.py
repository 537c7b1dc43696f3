"""What `factdiff estimate` counts: only calls that are made, cached prefixes, and the Batch API's price."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from typer.testing import CliRunner

from factdiff.config import Settings
from factdiff.llm.backend import RELATE_MAX_TOKENS, LLMBackend, relate_is_sent
from factdiff.llm.estimate import BATCH_DISCOUNT, cached_prefix_tokens, estimate
from factdiff.llm.tokens import cost
from factdiff.models import Article

from .conftest import EXAMPLE
from .test_llm_backend import FERRY, HARBOUR, HOSPITAL, Answering, first_sentence_answer


def articles(count: int) -> list[Article]:
    return [
        Article(id=f"a{i}", path=f"a{i}.txt", text=f"Article {i}: the council met on Monday.")
        for i in range(count)
    ]


SETTINGS = Settings(api_key="sk-test", model="gpt-4.1-mini")


@pytest.mark.parametrize(("count", "relate_calls"), [(1, 0), (2, 1), (37, 1), (38, 0)])
def test_relate_is_counted_only_when_the_backend_would_send_it(count: int, relate_calls: int):
    expected = estimate(articles(count), SETTINGS)

    relate = expected.by_prompt.get("relate")
    assert (relate.calls if relate else 0) == relate_calls
    assert expected.calls == sum(prompt.calls for prompt in expected.by_prompt.values())


def test_the_relate_rule_is_the_backends():
    assert relate_is_sent(2, RELATE_MAX_TOKENS)
    assert not relate_is_sent(2, RELATE_MAX_TOKENS + 1)
    assert not relate_is_sent(1, 10)


def test_the_fixed_prefix_is_billed_at_the_cached_rate_after_the_first_call():
    assert [cached_prefix_tokens(n) for n in (500, 1023, 1024, 1151, 1152, 1300)] == [
        0,
        0,
        1024,
        1024,
        1152,
        1280,
    ]
    expected = estimate(articles(3), SETTINGS)

    extract = expected.by_prompt["extract_claims"]
    assert extract.calls == 3
    per_call = extract.cached_input_tokens // 2  # the first call has nothing cached
    assert per_call >= 1024 and per_call % 128 == 0, "system message and schema are over 1024 tokens"
    assert expected.by_prompt["briefing"].cached_input_tokens == 0, "one call has nothing cached"
    assert expected.cached_input_tokens == sum(p.cached_input_tokens for p in expected.by_prompt.values())
    uncached = sum(
        cost(SETTINGS.model, p.input_tokens, 0, p.output_tokens) for p in expected.by_prompt.values()
    )
    assert expected.cost_usd < uncached


def test_the_batch_api_halves_the_price_of_extraction_only():
    expected = estimate(articles(5), SETTINGS)

    extract = expected.by_prompt["extract_claims"]
    live = cost(SETTINGS.model, extract.input_tokens, extract.cached_input_tokens, extract.output_tokens)
    assert expected.batch_cost_usd == pytest.approx(expected.cost_usd - (1 - BATCH_DISCOUNT) * live)
    assert expected.batch_cost_usd < expected.cost_usd
    local = estimate(articles(5), Settings(api_key="sk-test", model="some-local-llama"))
    assert (local.cost_usd, local.batch_cost_usd, local.priced) == (0.0, 0.0, False)


def test_estimate_batch_prints_both_costs():
    from factdiff.cli import app

    result = CliRunner().invoke(app, ["estimate", "--batch", str(EXAMPLE / "articles")])

    assert result.exit_code == 0, result.stderr
    live, batched = result.stdout.strip().splitlines()
    assert "at the cached rate" in live
    assert batched.startswith("with the Batch API for extraction: $") and "instead of $" in batched


def test_extraction_requests_for_different_articles_share_the_prompt_prefix(tmp_path: Path):
    transport = Answering(first_sentence_answer)
    backend = LLMBackend.from_settings(
        Settings(api_key="sk-test", no_cache=True, concurrency=1),
        http_client=httpx2.Client(transport=transport),
    )

    backend.extractor.extract([HARBOUR, HOSPITAL, FERRY])

    first, *others = transport.bodies
    for body in others:
        assert body["response_format"] == first["response_format"], (
            "the schema is sent the same way each time"
        )
        assert body["messages"][0] == first["messages"][0], "the system message comes first, byte for byte"
        assert body["messages"][0]["role"] == "system"
        assert body["messages"][1]["content"] != first["messages"][1]["content"]
    system = first["messages"][0]["content"]
    assert not any(article.text[:20] in system for article in (HARBOUR, HOSPITAL, FERRY))


def test_relate_judge_and_briefing_are_counted_once_per_story():
    from .test_stories import FIRE, VOTE

    texts = {"f1": FIRE[0], "f2": FIRE[1], "v1": VOTE[0], "v2": VOTE[1]}
    day = [Article(id=k, path=f"{k}.txt", text=v) for k, v in texts.items()]
    two = estimate(day, SETTINGS).by_prompt
    one = estimate(day, SETTINGS.model_copy(update={"story_threshold": 0.0})).by_prompt
    assert two["briefing"].calls == 2 and one["briefing"].calls == 1
    assert two["judge"].calls == 2 and one["judge"].calls == 1
    assert two["extract_claims"].calls == one["extract_claims"].calls == 4
