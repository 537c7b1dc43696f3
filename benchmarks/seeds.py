"""Unique details on the seed articles against labels written independently of factdiff's rules.

    python benchmarks/seeds.py [--seeds ../shared/corpora/seeds] [--show 10]

`benchmarks/seed_labels.json` marks each detail only one seed reports with a short verbatim marker (the
seeds' text stays out of the repository). A detail is found when one of factdiff's unique details overlaps
its marker; a unique detail that overlaps no marker is a false alarm. All five seeds are compared; the
first three are scored for `dev`, the last two for `test`. Without the seeds it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from factdiff.ingest import load_articles
from factdiff.offline import OfflineBackend
from factdiff.pipeline import run
from factdiff.scoring import Gold, score

LABELS = Path(__file__).with_name("seed_labels.json")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"


def _split(article_ids: list[str], split: str) -> list[str]:
    """The first three seeds (in name order) are dev, the last two test: all five are always compared."""
    return article_ids[:3] if split == "dev" else article_ids[3:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--show", type=int, default=10, help="misses and false alarms listed")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"seed articles not found in {args.seeds}")
        return 0
    articles = load_articles([str(args.seeds)])
    texts = {article.id: article.text for article in articles}
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["unique_details"]
    scored = sorted(texts) if args.split == "all" else _split(sorted(texts), args.split)
    labels = [label for label in labels if label["article"] in scored]
    kept = [label for label in labels if label["marker"] in texts.get(label["article"], "")]
    lost = len(labels) - len(kept)
    gold = Gold(
        description="independent seed labels",
        articles={article.id: {"outlet": article.outlet or article.id} for article in articles},
        contradictions=[],
        consensus=[],
        unique_details=[
            {"id": label["id"], "article": label["article"], "quote": label["marker"]} for label in kept
        ],
    )
    report = run(articles, OfflineBackend())
    report.unique_details = [detail for detail in report.unique_details if detail.article in scored]
    unique = score(report, gold).unique_details
    print(f"split {args.split}: articles {', '.join(scored)}")
    print(f"{len(labels)} labelled unique details, {lost} not in the cleaned text (removed as chrome)")
    print(
        f"unique details: {unique.matched_gold}/{unique.gold} found (recall {unique.recall:.2f}), "
        f"{unique.matched_predicted}/{unique.predicted} reported are labelled (precision {unique.precision:.2f})"
    )
    notes = {label["id"]: label["note"] for label in kept}
    for gold_id in unique.missed[: args.show]:
        print(f"  missed {gold_id}: {notes[gold_id]}")
    by_id = {detail.id: detail for detail in report.unique_details}
    for predicted_id in unique.false_alarms[: args.show]:
        detail = by_id[predicted_id]
        print(f"  unlabelled {predicted_id} ({detail.article}): {detail.quote[:100]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
