"""What a run will cost before it starts: for `factdiff estimate` and the budget's refusal to start.

Extraction input is counted exactly from the prompts that would be sent.
Output and the relate, judge and briefing calls depend on what the model finds, so
they are rough allowances, deliberately on the generous side: a budget check
should refuse a run it cannot afford rather than stop it half way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from pydantic import BaseModel, Field

from factdiff.config import Settings
from factdiff.diff.judging import MAX_JUDGE_GROUPS
from factdiff.llm.chunking import CHUNK_TOKENS, OVERLAP_TOKENS, split_article
from factdiff.llm.schemas import BriefingDraft, ClaimList, RelatedList, VerdictList
from factdiff.llm.tokens import cost, count_chat_tokens, count_tokens, load_prices, price_for
from factdiff.models import Article
from factdiff.prompts import load_prompt

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


class Estimate(BaseModel):
    model: str
    articles: int
    calls: int = Field(description="Model requests with an empty cache.")
    input_tokens: int
    output_tokens: int = Field(description="Expected, not counted: depends on what the model finds.")
    cost_usd: float = Field(description="0 when the model has no known price (e.g. a local server).")
    priced: bool = Field(description="False when the model is not in the price table.")


def _fixed_tokens(prompt_name: str, schema: type[BaseModel], model: str, **variables: str) -> int:
    """A prompt's tokens with its data left empty, plus the schema it is sent with."""
    prompt = load_prompt(prompt_name).render(**variables)
    messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
    return count_chat_tokens(messages, model) + count_tokens(json.dumps(schema.model_json_schema()), model)


def estimate(articles: Sequence[Article], settings: Settings, *, chunk_tokens: int | None = None) -> Estimate:
    """Calls, tokens and dollars for extracting, relating, judging and briefing `articles` with no cache."""
    from factdiff.llm.backend import GROUPS_PER_CALL

    model = settings.model
    extract_overhead = _fixed_tokens(
        "extract_claims", ClaimList, model, token="00000000", text="", published="unknown", part=""
    )
    calls = 0
    input_tokens = 0
    output_tokens = 0.0
    for article in articles:
        chunks = split_article(
            article.text, max_tokens=chunk_tokens or CHUNK_TOKENS, overlap_tokens=OVERLAP_TOKENS, model=model
        )
        for chunk in chunks:
            text_tokens = count_tokens(chunk.text, model)
            calls += 1
            input_tokens += extract_overhead + text_tokens
            output_tokens += OUTPUT_PER_ARTICLE_TOKEN * text_tokens
    if articles:
        undecided = (GROUPS_PER_ARTICLE - PROPOSALS_PER_ARTICLE) * len(articles)
        groups = PROPOSALS_PER_ARTICLE * len(articles) + min(undecided, MAX_JUDGE_GROUPS)
        judge_calls = math.ceil(groups / GROUPS_PER_CALL)
        calls += judge_calls + 2
        input_tokens += _fixed_tokens("relate", RelatedList, model, token="00000000", claims="")
        input_tokens += RELATE_TOKENS_PER_ARTICLE * len(articles)
        output_tokens += RELATE_OUTPUT_PER_ARTICLE * len(articles)
        input_tokens += judge_calls * _fixed_tokens("judge", VerdictList, model, token="00000000", groups="")
        input_tokens += groups * TOKENS_PER_GROUP
        output_tokens += groups * OUTPUT_PER_GROUP
        input_tokens += _fixed_tokens("briefing", BriefingDraft, model, token="00000000", findings="")
        input_tokens += FINDINGS_TOKENS_PER_ARTICLE * len(articles)
        output_tokens += BRIEFING_OUTPUT_TOKENS
    prices = load_prices(settings.price_file)
    return Estimate(
        model=model,
        articles=len(articles),
        calls=calls,
        input_tokens=input_tokens,
        output_tokens=math.ceil(output_tokens),
        cost_usd=cost(model, input_tokens, 0, math.ceil(output_tokens), prices),
        priced=price_for(model, prices) is not None,
    )
