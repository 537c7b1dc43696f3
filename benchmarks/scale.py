"""How the offline pipeline grows with the size of a day (or a year) of coverage, with a known truth.

    python benchmarks/scale.py [--sizes 100,300,1000,3000] [--jobs 1] [--fixtures evals]

A corpus of N articles is made of copies of the eval fixtures (five outlets each, planted contradictions in
their gold.json): copy k of a fixture gets its own article ids and is published a week after copy k-1, so
the copies are separate stories of a long run of coverage, as a year of one beat would be. Each size runs in
its own process (`run_stories`, offline, with the default story threshold) and prints wall time, peak
memory (max RSS), the number of stories found against the copies made, and the recall of the planted
contradictions; the growth exponent is fitted between consecutive sizes and over all of them.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from factdiff.models import Article, Report, StoriesReport

ARTICLES_PER_COPY = 5


def corpus(fixtures: list[Path], size: int) -> tuple[list[Article], dict[str, tuple[Path, str]]]:
    """`size` articles (rounded up to whole copies) and, per copy prefix, its fixture."""
    from factdiff.ingest import load_articles

    templates = [(fixture, load_articles([str(fixture / "articles")])) for fixture in fixtures]
    articles: list[Article] = []
    copies: dict[str, tuple[Path, str]] = {}
    copy = 0
    while len(articles) < size:
        fixture, originals = templates[copy % len(templates)]
        prefix = f"c{copy}-"
        copies[prefix] = (fixture, prefix)
        for original in originals:
            published = original.published + timedelta(days=7 * copy) if original.published else None
            articles.append(original.model_copy(update={"id": prefix + original.id, "published": published}))
        copy += 1
    return articles, copies


def _strip(report: Report, prefix: str) -> Report:
    """The report with the copy's prefix taken off every article id, so the fixture's gold applies."""
    return Report.model_validate_json(report.model_dump_json().replace(f'"{prefix}', '"'))


def measure(fixtures: list[Path], size: int, jobs: int) -> dict[str, float]:
    from factdiff.evals import load_gold
    from factdiff.offline import OfflineBackend
    from factdiff.pipeline import run_stories
    from factdiff.scoring import score
    from factdiff.stories import STORY_THRESHOLD

    articles, copies = corpus(fixtures, size)
    started = time.perf_counter()
    result = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD, jobs=jobs)
    seconds = time.perf_counter() - started
    reports = result.stories if isinstance(result, StoriesReport) else [result]
    found = 0
    for report in reports:
        prefixes = {a.id.split("-", 1)[0] + "-" for a in report.articles}
        if len(prefixes) != 1:
            continue  # a story mixing copies: its planted contradictions count as missed
        fixture, prefix = copies[prefixes.pop()]
        found += score(_strip(report, prefix), load_gold(fixture)).contradictions.matched_gold
    total_planted = sum(len(load_gold(fixture).contradictions) for fixture, _ in copies.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if jobs > 1:
        peak_mb += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "articles": len(articles),
        "seconds": seconds,
        "peak_mb": peak_mb,
        "stories": len(reports),
        "copies": len(copies),
        "recall": found / total_planted if total_planted else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000,3000")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--fixtures", type=Path, default=Path("evals"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    fixtures = sorted(p.parent for p in args.fixtures.glob("*/gold.json"))
    if args.one:
        print(json.dumps(measure(fixtures, args.one, args.jobs)))
        return 0
    rows = []
    print("articles  stories/copies  seconds  peak MB  recall  exponent")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), "--jobs", str(args.jobs)]
        command += ["--fixtures", str(args.fixtures)]
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        exponent = ""
        if rows:
            last = rows[-1]
            exponent = f"{math.log(row['seconds'] / last['seconds']) / math.log(row['articles'] / last['articles']):.2f}"
        rows.append(row)
        print(
            f"{row['articles']:8d}  {row['stories']:7d}/{row['copies']:<6d}  {row['seconds']:7.1f}  "
            f"{row['peak_mb']:7.0f}  {row['recall']:6.2f}  {exponent:>8}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        overall = math.log(last["seconds"] / first["seconds"]) / math.log(last["articles"] / first["articles"])
        print(f"growth exponent {first['articles']}..{last['articles']}: {overall:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
