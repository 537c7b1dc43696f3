"""What a run will cost before it starts: for `factdiff estimate` and the budget's refusal to start.

Extraction input is counted exactly from the prompts that would be sent.
Output and the relate, judge and briefing calls depend on what the model finds, so
they are rough allowances, deliberately on the generous side: a budget check
should refuse a run it cannot afford rather than stop it half way.

Only calls that are made are counted (`relate_is_sent` is the backend's own rule), the fixed prefix that
every call of a prompt repeats is billed at the cached-input rate after the first call, and the Batch API's
price for extraction is given beside the live price.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from factdiff.config import Settings
from factdiff.diff.judging import MAX_JUDGE_GROUPS
from factdiff.llm.chunking import CHUNK_TOKENS, OVERLAP_TOKENS, split_article
from factdiff.llm.schemas import BriefingDraft, ClaimList, RelatedList, VerdictList
from factdiff.llm.tokens import Price, cost, count_chat_tokens, count_tokens, load_prices, price_for
from factdiff.models import Article
from factdiff.prompts import RenderedPrompt, load_prompt

OUTPUT_PER_ARTICLE_TOKEN = 2.0
"""Claims as JSON (statement, quotes, entities, numbers) run longer than the text they come from."""
GROUPS_PER_ARTICLE = 28
"""Groups put to the judge per article: median of the six eval fixtures with authored extractions
(21 to 34, five articles each), before the per-run cap."""
PROPOSALS_PER_ARTICLE = 5
"""Rule findings the judge reviews per article (2.4 to 4.8 on the eval fixtures): not under the cap."""
TOKENS_PER_GROUP = 170
"""Measured on the same fixtures: 159 to 176 tokens of claims and evidence per group."""
OUTPUT_PER_GROUP = 80
RELATE_TOKENS_PER_ARTICLE = 800
"""The claim list `relate` sends, per article: 15 to 17 claims of 46 to 51 tokens on the same fixtures."""
RELATE_OUTPUT_PER_ARTICLE = 100
"""Related groups returned per article: 58 to 106 tokens for the authored answers."""
FINDINGS_TOKENS_PER_ARTICLE = 400
BRIEFING_OUTPUT_TOKENS = 600


PROMPT_CACHE_MIN_TOKENS = 1024
"""OpenAI serves a repeated prefix from its prompt cache only from 1024 tokens on..."""
PROMPT_CACHE_STEP_TOKENS = 128
"""...and in steps of 128 tokens beyond that."""
BATCH_DISCOUNT = 0.5
"""The Batch API bills OpenAI models at half of every per-token list price, cached input included."""


class PromptEstimate(BaseModel):
    calls: int
    input_tokens: int
    cached_input_tokens: int
    output_tokens: int


class Estimate(BaseModel):
    model: str
    articles: int
    calls: int = Field(description="Model requests with an empty cache.")
    by_prompt: dict[str, PromptEstimate] = Field(description="The same by prompt; only calls that are made.")
    input_tokens: int
    cached_input_tokens: int = Field(
        description="Of the input, the fixed prompt prefix repeated by every call after the first of a prompt, "
        "billed at the cached-input rate."
    )
    output_tokens: int = Field(description="Expected, not counted: depends on what the model finds.")
    cost_usd: float = Field(description="0 when the model has no known price (e.g. a local server).")
    batch_cost_usd: float = Field(
        description="The same run with its extraction sent through the Batch API (`factdiff batch`)."
    )
    priced: bool = Field(description="False when the model is not in the price table.")


@dataclass
class _Calls:
    """The calls of one prompt: how many, their tokens, and the fixed prefix each of them starts with."""

    prompt: str
    count: int
    input_tokens: int
    output_tokens: float
    prefix_tokens: int

    def add(self, count: int, input_tokens: int, output_tokens: float) -> None:
        self.count += count
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens


def _rendered(prompt_name: str, **variables: str) -> RenderedPrompt:
    return load_prompt(prompt_name).render(token="00000000", **variables)


def _fixed_tokens(prompt: RenderedPrompt, schema: type[BaseModel], model: str) -> int:
    """A prompt's tokens with its data left empty, plus the schema it is sent with."""
    messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
    return count_chat_tokens(messages, model) + count_tokens(json.dumps(schema.model_json_schema()), model)


def _prefix_tokens(prompt: RenderedPrompt, schema: type[BaseModel], model: str) -> int:
    """The part every call of a prompt repeats byte for byte: the schema and the system message."""
    return count_chat_tokens([{"role": "system", "content": prompt.system}], model) + count_tokens(
        json.dumps(schema.model_json_schema()), model
    )


def cached_prefix_tokens(prefix_tokens: int) -> int:
    """How much of a repeated prefix a provider bills at its cached rate, by OpenAI's rule."""
    if prefix_tokens < PROMPT_CACHE_MIN_TOKENS:
        return 0
    steps = (prefix_tokens - PROMPT_CACHE_MIN_TOKENS) // PROMPT_CACHE_STEP_TOKENS
    return PROMPT_CACHE_MIN_TOKENS + steps * PROMPT_CACHE_STEP_TOKENS


def _cached(calls: _Calls) -> int:
    return cached_prefix_tokens(calls.prefix_tokens) * max(calls.count - 1, 0)


def _dollars(model: str, calls: Sequence[_Calls], prices: Mapping[str, Price], *, batch: bool) -> float:
    """The one place a run is priced: live with prefix caching, or with extraction through the Batch API."""
    total = 0.0
    for group in calls:
        dollars = cost(model, group.input_tokens, _cached(group), math.ceil(group.output_tokens), prices)
        total += BATCH_DISCOUNT * dollars if batch and group.prompt == "extract_claims" else dollars
    return total


def estimate(articles: Sequence[Article], settings: Settings, *, chunk_tokens: int | None = None) -> Estimate:
    """Calls, tokens and dollars for extracting, relating, judging and briefing `articles` with no cache."""
    from factdiff.llm.backend import GROUPS_PER_CALL, relate_is_sent

    model = settings.model
    extract = _rendered("extract_claims", text="", published="unknown", part="")
    extract_overhead = _fixed_tokens(extract, ClaimList, model)
    chunks = 0
    extract_input = 0
    extract_output = 0.0
    for article in articles:
        for chunk in split_article(
            article.text, max_tokens=chunk_tokens or CHUNK_TOKENS, overlap_tokens=OVERLAP_TOKENS, model=model
        ):
            text_tokens = count_tokens(chunk.text, model)
            chunks += 1
            extract_input += extract_overhead + text_tokens
            extract_output += OUTPUT_PER_ARTICLE_TOKEN * text_tokens
    calls = [
        _Calls(
            "extract_claims", chunks, extract_input, extract_output, _prefix_tokens(extract, ClaimList, model)
        )
    ]
    from factdiff.stories import cluster

    relate = _rendered("relate", claims="")
    judge = _rendered("judge", groups="")
    briefing = _rendered("briefing", findings="")
    per_story = {"relate": _Calls("relate", 0, 0, 0.0, _prefix_tokens(relate, RelatedList, model))}
    per_story["judge"] = _Calls("judge", 0, 0, 0.0, _prefix_tokens(judge, VerdictList, model))
    per_story["briefing"] = _Calls("briefing", 0, 0, 0.0, _prefix_tokens(briefing, BriefingDraft, model))
    # relate, judge and briefing are made once per story, as the pipeline makes them
    for story in cluster(articles, settings.story_threshold) if articles else []:
        n = len(story.articles)
        relate_user = count_tokens(relate.user, model) + RELATE_TOKENS_PER_ARTICLE * n
        if relate_is_sent(n, relate_user):
            per_story["relate"].add(
                1,
                _fixed_tokens(relate, RelatedList, model) + RELATE_TOKENS_PER_ARTICLE * n,
                RELATE_OUTPUT_PER_ARTICLE * n,
            )
        if n >= 2:
            undecided = (GROUPS_PER_ARTICLE - PROPOSALS_PER_ARTICLE) * n
            groups = PROPOSALS_PER_ARTICLE * n + min(undecided, MAX_JUDGE_GROUPS)
            judge_calls = math.ceil(groups / GROUPS_PER_CALL)
            per_story["judge"].add(
                judge_calls,
                judge_calls * _fixed_tokens(judge, VerdictList, model) + groups * TOKENS_PER_GROUP,
                groups * OUTPUT_PER_GROUP,
            )
        per_story["briefing"].add(
            1,
            _fixed_tokens(briefing, BriefingDraft, model) + FINDINGS_TOKENS_PER_ARTICLE * n,
            BRIEFING_OUTPUT_TOKENS,
        )
    calls += [group for group in per_story.values() if group.count]
    prices = load_prices(settings.price_file)
    return Estimate(
        model=model,
        articles=len(articles),
        calls=sum(group.count for group in calls),
        by_prompt={
            group.prompt: PromptEstimate(
                calls=group.count,
                input_tokens=group.input_tokens,
                cached_input_tokens=_cached(group),
                output_tokens=math.ceil(group.output_tokens),
            )
            for group in calls
        },
        input_tokens=sum(group.input_tokens for group in calls),
        cached_input_tokens=sum(_cached(group) for group in calls),
        output_tokens=sum(math.ceil(group.output_tokens) for group in calls),
        cost_usd=_dollars(model, calls, prices, batch=False),
        batch_cost_usd=_dollars(model, calls, prices, batch=True),
        priced=price_for(model, prices) is not None,
    )
