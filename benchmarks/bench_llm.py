"""Extraction against a local stub endpoint: request count, token overhead, concurrency and the cache.

    TIKTOKEN_CACHE_DIR=../shared/tiktoken python benchmarks/bench_llm.py --articles 40 --latency 0.2

Articles are the seed corpus (../shared/corpora/seeds) repeated with a copy
number appended, so every request differs. Wall time is compared with the
ideal ceil(N / concurrency) * latency of one request per article.
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


if __name__ == "__main__":
    main()
