"""Story clustering on real mixed coverage: FNC-1 bodies grouped by the claim they cover, events known.

    python benchmarks/stories.py [--data data/fnc1] [--split dev] [--events 100] [--per-event 3]
        [--thresholds 0.1,0.15,0.2,0.25,0.3] [--seed 0]

An event is a connected group of FNC-1 headlines and the bodies related to them (agree, disagree or discuss),
so its bodies report one claim. The script samples events with at least two bodies, takes up to --per-event
bodies of each, shuffles them into one corpus and clusters it with `factdiff.stories.cluster` at each
threshold. It prints purity (each story's share of its main event), completeness (each event's share in its
main story), B-cubed precision/recall/F1, the number of stories and the time. The data is public and never
committed; without it the script says where to put it and exits 0. Report the `test` split only once, at the
end of a piece of work.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import fnc1  # noqa: E402 (a sibling script, not a package)

from factdiff.models import Article  # noqa: E402
from factdiff.stories import cluster  # noqa: E402


def events(corpus: fnc1.Corpus) -> list[list[str]]:
    """Body ids per event: connected components of headlines and their related bodies."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in corpus.pairs:
        if pair.stance != "unrelated":
            parent[root("h:" + pair.headline)] = root("b:" + pair.body_id)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        if node.startswith("b:"):
            groups[root(node)].append(node[2:])
    return [sorted(bodies) for bodies in groups.values() if len(bodies) >= 2]


def scores(truth: dict[str, str], found: dict[str, str]) -> dict[str, float]:
    """Purity, completeness and B-cubed precision/recall/F1 of `found` stories against `truth` events."""
    by_story: dict[str, list[str]] = defaultdict(list)
    by_event: dict[str, list[str]] = defaultdict(list)
    for item in truth:
        by_story[found[item]].append(item)
        by_event[truth[item]].append(item)
    n = len(truth)
    purity = sum(Counter(truth[i] for i in items).most_common(1)[0][1] for items in by_story.values()) / n
    complete = sum(Counter(found[i] for i in items).most_common(1)[0][1] for items in by_event.values()) / n
    precision = (
        sum(sum(truth[j] == truth[i] for j in by_story[found[i]]) / len(by_story[found[i]]) for i in truth)
        / n
    )
    recall = (
        sum(sum(found[j] == found[i] for j in by_event[truth[i]]) / len(by_event[truth[i]]) for i in truth)
        / n
    )
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "purity": purity,
        "completeness": complete,
        "b3_precision": precision,
        "b3_recall": recall,
        "b3_f1": f1,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("data/fnc1"))
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--per-event", type=int, default=3)
    parser.add_argument("--thresholds", default="0.1,0.15,0.2,0.25,0.3")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    corpus = fnc1.load(args.data, args.split)
    if corpus is None:
        print(f"no FNC-1 data in {args.data}: put train_bodies.csv and train_stances.csv there (see fnc1.py)")
        return 0
    rng = random.Random(args.seed)
    chosen = rng.sample(events(corpus), min(args.events, len(events(corpus))))
    truth: dict[str, str] = {}
    articles: list[Article] = []
    for number, bodies in enumerate(chosen):
        for body in bodies[: args.per_event]:
            article_id = f"b{body}"
            truth[article_id] = f"e{number}"
            articles.append(fnc1.article(article_id, corpus.bodies[body], outlet=article_id))
    rng.shuffle(articles)
    print(f"{len(articles)} articles, {len(chosen)} events ({args.split} split)")
    print("threshold  stories  purity  complete  B3-P  B3-R  B3-F1  seconds")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        started = time.perf_counter()
        stories = cluster(articles, threshold)
        seconds = time.perf_counter() - started
        found = {article: story.id for story in stories for article in story.articles}
        s = scores(truth, found)
        print(
            f"{threshold:9.2f}  {len(stories):7d}  {s['purity']:6.2f}  {s['completeness']:8.2f}  "
            f"{s['b3_precision']:4.2f}  {s['b3_recall']:4.2f}  {s['b3_f1']:5.2f}  {seconds:7.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
