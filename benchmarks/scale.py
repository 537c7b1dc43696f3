"""How the offline pipeline grows with the size of a day (or a year) of coverage, with a known truth.

    python benchmarks/scale.py [--sizes 100,300,1000,3000] [--jobs 1] [--fixtures evals]
    python benchmarks/scale.py --real data/fnc1 [--sizes 100,300,1000] [--jobs 1]

A corpus of N articles is made of copies of the eval fixtures (five outlets each, planted contradictions in
their gold.json): copy k of a fixture gets its own article ids and is published a week after copy k-1, so
the copies are separate stories of a long run of coverage, as a year of one beat would be. Each size runs in
its own process (`run_stories`, offline, with the default story threshold) and prints wall time, peak
memory (max RSS), the number of stories found against the copies made, and the recall of the planted
contradictions; the growth exponent is fitted between consecutive sizes and over all of them.

Copies repeat the fixtures' sentences, so caches of per-text work help them more than they would help real
coverage. `--real` runs the same measure on real mixed coverage instead: FNC-1 bodies (dev split) of many
events (see benchmarks/stories.py), where the truth is which event each body covers, so it prints story
purity and completeness in place of recall.
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


def real_corpus(data: Path, size: int) -> tuple[list[Article], dict[str, str]]:
    """`size` FNC-1 dev bodies from whole events, and the event of each."""
    import random

    sys.path.insert(0, str(Path(__file__).parent))
    import fnc1
    from stories import events

    found = fnc1.load(data, "dev")
    if found is None:
        raise SystemExit(f"no FNC-1 data in {data}: put train_bodies.csv and train_stances.csv there")
    groups = events(found)
    random.Random(0).shuffle(groups)
    articles: list[Article] = []
    truth: dict[str, str] = {}
    for number, bodies in enumerate(groups):
        for body in bodies:
            if len(articles) >= size:
                break
            articles.append(fnc1.article(f"b{body}", found.bodies[body], outlet=f"b{body}"))
            truth[f"b{body}"] = f"e{number}"
    return articles, truth


def measure_real(data: Path, size: int, jobs: int) -> dict[str, float]:
    from stories import scores

    from factdiff.offline import OfflineBackend
    from factdiff.pipeline import run_stories
    from factdiff.stories import STORY_THRESHOLD

    articles, truth = real_corpus(data, size)
    started = time.perf_counter()
    result = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD, jobs=jobs)
    seconds = time.perf_counter() - started
    reports = result.stories if isinstance(result, StoriesReport) else [result]
    found = {article.id: str(n) for n, report in enumerate(reports) for article in report.articles}
    found |= {article: f"set aside {article}" for article in truth if article not in found}  # not English
    quality = scores(truth, found)
    return {
        "articles": len(articles),
        "seconds": seconds,
        "peak_mb": _peak_mb(jobs),
        "stories": len(reports),
        "copies": len(set(truth.values())),
        "recall": quality["purity"],
        "completeness": quality["completeness"],
        "contradictions": sum(len(report.contradictions) for report in reports),
    }


def _peak_mb(jobs: int) -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if jobs > 1:
        peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return peak


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
        if len(report.articles) < ARTICLES_PER_COPY:
            continue  # a copy split over stories: its planted contradictions count as missed
        found += score(_strip(report, prefix), load_gold(fixture)).contradictions.matched_gold
    total_planted = sum(len(load_gold(fixture).contradictions) for fixture, _ in copies.values())
    peak_mb = _peak_mb(jobs)
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
    parser.add_argument("--real", type=Path, help="FNC-1 folder: real mixed coverage instead of copies")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    fixtures = sorted(p.parent for p in args.fixtures.glob("*/gold.json"))
    if args.one:
        row = (
            measure_real(args.real, args.one, args.jobs)
            if args.real
            else measure(fixtures, args.one, args.jobs)
        )
        print(json.dumps(row))
        return 0
    rows = []
    if args.real:
        print("articles  stories/events  seconds  peak MB  purity  exponent  (completeness, contradictions)")
    else:
        print("articles  stories/copies  seconds  peak MB  recall  exponent")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), "--jobs", str(args.jobs)]
        command += ["--fixtures", str(args.fixtures)] + (["--real", str(args.real)] if args.real else [])
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        exponent = ""
        if rows:
            last = rows[-1]
            exponent = f"{math.log(row['seconds'] / last['seconds']) / math.log(row['articles'] / last['articles']):.2f}"
        rows.append(row)
        print(
            f"{row['articles']:8d}  {row['stories']:7d}/{row['copies']:<6d}  {row['seconds']:7.1f}  "
            f"{row['peak_mb']:7.0f}  {row['recall']:6.2f}  {exponent:>8}"
            + (f"  ({row['completeness']:.2f}, {row['contradictions']})" if args.real else "")
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        overall = math.log(last["seconds"] / first["seconds"]) / math.log(
            last["articles"] / first["articles"]
        )
        print(f"growth exponent {first['articles']}..{last['articles']}: {overall:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
