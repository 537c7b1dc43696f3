"""Extraction against a local stub endpoint: request count, token overhead, concurrency and the cache.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/bench_llm.py --articles 40 --latency 0.2

Articles are the seed corpus (../shared/corpora/seeds) repeated with a copy
number appended, so every request differs. Wall time is compared with the
ideal ceil(N / concurrency) * latency of one request per article. Input tokens
are also given without the fixed prompt prefix each call repeats (which
providers bill at their cached rate), and against two naive strategies: every
pair of articles in one prompt, and all articles in one prompt.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

from factdiff.config import Settings
from factdiff.llm.backend import LLMBackend
from factdiff.llm.estimate import estimate
from factdiff.llm.tokens import count_tokens
from factdiff.models import Article

sys.path.insert(0, str(Path(__file__).parent))
from stub_server import StubServer  # noqa: E402 (a sibling script, not a package)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
MODEL = "gpt-4.1-mini"


def _seed_articles(folder: Path) -> list[Article]:
    from factdiff.ingest import load_articles

    return load_articles([str(folder)])


def _copies(seeds: list[Article], count: int) -> list[Article]:
    return [
        seed.model_copy(update={"id": f"{seed.id}-{n}", "text": f"{seed.text}\n\n(Copy {n}.)"})
        for n, seed in zip(range(count), seeds * math.ceil(count / len(seeds)), strict=False)
    ]


def _run(articles: list[Article], base_url: str, concurrency: int, cache_dir: Path) -> tuple[float, int, int]:
    """Wall seconds, requests and input tokens of one extraction run."""
    settings = Settings(
        backend="llm",
        model=MODEL,
        base_url=base_url,
        concurrency=concurrency,
        cache_dir=cache_dir,
        max_retries=0,
    )
    backend = LLMBackend.from_settings(settings)
    started = time.perf_counter()
    extractions = backend.extractor.extract(articles)
    wall = time.perf_counter() - started
    failed = [e for e in extractions if e.error]
    if failed:
        raise SystemExit(f"{len(failed)} articles failed, first: {failed[0].error}")
    usage = backend.client.usage
    backend.client.close()
    return wall, usage.requests, usage.input_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    if not args.seeds.is_dir():
        raise SystemExit(f"no seed articles at {args.seeds}")
    seeds = _seed_articles(args.seeds)
    articles = _copies(seeds, args.articles)
    article_tokens = sum(count_tokens(article.text, MODEL) for article in articles)
    print(f"{len(articles)} articles, {article_tokens} article tokens, {args.latency * 1000:.0f} ms latency")
    with StubServer(latency_s=args.latency, lifetime_s=600) as stub:
        for concurrency in (1, 8):
            with tempfile.TemporaryDirectory() as cache:
                wall, requests, input_tokens = _run(articles, stub.base_url, concurrency, Path(cache))
                served = stub.requests
                _, again, _ = _run(articles, stub.base_url, concurrency, Path(cache))
            ideal = math.ceil(len(articles) / concurrency) * args.latency
            print(
                f"concurrency {concurrency}: {requests / len(articles):.2f} requests/article, "
                f"{input_tokens / article_tokens:.2f} input tokens per article token, "
                f"wall {wall:.2f}s vs ideal {ideal:.2f}s ({wall / ideal:.2f}x), "
                f"second run {again} requests (server saw {stub.requests - served})"
            )
    seed_estimate = estimate(seeds, Settings(model=MODEL))
    print(f"estimate for the {len(seeds)} seeds: {seed_estimate.model_dump_json()}")
    _naive(articles, article_tokens)


def _naive(articles: list[Article], article_tokens: int) -> None:
    """factdiff's input tokens for the whole run against a prompt per pair of articles and one prompt for all."""
    planned = estimate(articles, Settings(model=MODEL))
    extraction = planned.by_prompt["extract_claims"]
    fixed = (extraction.input_tokens - article_tokens) / max(extraction.calls, 1)
    sizes = [count_tokens(article.text, MODEL) for article in articles]
    n = len(articles)
    pairs = n * (n - 1) // 2
    pairwise = pairs * fixed + (n - 1) * sum(sizes)
    all_in_one = fixed + sum(sizes)
    beyond_prefix = (extraction.input_tokens - extraction.calls * fixed) / article_tokens
    print(
        f"extraction: {fixed:.0f} fixed prompt tokens per call, {beyond_prefix:.2f} input tokens per article "
        f"token beyond them; whole run {planned.input_tokens} input tokens in {planned.calls} calls "
        f"({planned.input_tokens / article_tokens:.2f} per article token)"
    )
    print(
        f"naive: a prompt per pair {pairwise:.0f} input tokens in {pairs} calls "
        f"({pairwise / planned.input_tokens:.1f}x factdiff); all in one prompt {all_in_one:.0f} tokens in one call "
        f"({all_in_one / planned.input_tokens:.2f}x factdiff, and beyond a 128k context from about "
        f"{int(128_000 / (sum(sizes) / n))} articles)"
    )


if __name__ == "__main__":
    main()
