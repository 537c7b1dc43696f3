"""Flag rates on real headline/body pairs (FNC-1 training split), offline backend.

    python benchmarks/real_text.py [--data data/fnc1] [--split dev] [--pairs 150] [--show 20]

A pair is *flagged* when factdiff reports any contradiction between its two articles. Two variants:

- `headline`: the headline as a one-sentence article beside the body;
- `full`: the headline plus the opening of another body that agrees with it, beside the body.

Bodies labelled `disagree` should be flagged and `agree` ones should not. The data is public and never
committed: put `train_bodies.csv` and `train_stances.csv` in the folder (see benchmarks/fnc1.py). Without it
the script says so and exits 0. Report the `test` split only once, at the end of a piece of work.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import fnc1  # noqa: E402 (a sibling script, not a package)

from factdiff.models import Article, Report  # noqa: E402

OPENING_CHARS = 600
STANCES = ("disagree", "agree")


@dataclass(frozen=True)
class Case:
    stance: str
    headline: str
    body_id: str
    other_body_id: str | None


def _sentence(headline: str) -> str:
    return headline if headline.rstrip().endswith((".", "!", "?", '"', "”")) else headline.rstrip() + "."


def _opening(body: str) -> str:
    """Whole paragraphs of a body up to about OPENING_CHARS characters."""
    kept: list[str] = []
    for paragraph in (p.strip() for p in body.split("\n") if p.strip()):
        kept.append(paragraph)
        if sum(len(p) for p in kept) >= OPENING_CHARS:
            break
    return "\n\n".join(kept)


def sample(corpus: fnc1.Corpus, per_stance: int, seed: int) -> list[Case]:
    """Up to per_stance pairs of each stance, each with another agreeing body of the same headline if any."""
    agreeing: dict[str, list[str]] = defaultdict(list)
    for pair in corpus.pairs:
        if pair.stance == "agree":
            agreeing[pair.headline].append(pair.body_id)
    rng = random.Random(seed)
    cases: list[Case] = []
    for stance in STANCES:
        pool = sorted(
            {(p.headline, p.body_id) for p in corpus.pairs if p.stance == stance},
        )
        rng.shuffle(pool)
        for headline, body_id in pool[:per_stance]:
            others = sorted(set(agreeing[headline]) - {body_id})
            cases.append(Case(stance, headline, body_id, rng.choice(others) if others else None))
    return cases


def articles_for(case: Case, corpus: fnc1.Corpus, variant: str) -> list[Article] | None:
    if variant == "headline":
        first = fnc1.article("headline", _sentence(case.headline), "Headline Outlet", title=case.headline)
    elif case.other_body_id is None:
        return None
    else:
        text = _sentence(case.headline) + "\n\n" + _opening(corpus.bodies[case.other_body_id])
        first = fnc1.article("other", text, "Other Outlet", title=case.headline)
    return [first, fnc1.article("body", corpus.bodies[case.body_id], "Body Outlet")]


def _flags(report: Report) -> list[str]:
    lines = []
    for finding in report.contradictions:
        sides = " | ".join(
            "; ".join(f"{span.article}: {span.quote[:140]!r}" for span in side[:2]) for side in finding.sides
        )
        lines.append(f"{finding.kind}: {sides}\n        why: {finding.explanation[:200]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=fnc1.DEFAULT_PATH)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--pairs", type=int, default=150, help="pairs sampled per stance")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variants", default="headline,full")
    parser.add_argument("--show", type=int, default=20, help="flags listed per variant and stance")
    parser.add_argument("--misses", type=int, default=0, help="unflagged disagreements listed per variant")
    args = parser.parse_args()

    corpus = fnc1.load(args.data, args.split)
    if corpus is None:
        print(f"FNC-1 data not found in {args.data}: put train_bodies.csv and train_stances.csv there.")
        return 0
    from factdiff.offline import OfflineBackend
    from factdiff.pipeline import run

    backend = OfflineBackend()
    cases = sample(corpus, args.pairs, args.seed)
    print(f"split {args.split}: {len(corpus.bodies)} bodies, {len(cases)} sampled pairs, seed {args.seed}")
    for variant in args.variants.split(","):
        flagged: dict[str, int] = defaultdict(int)
        runs: dict[str, int] = defaultdict(int)
        shown: dict[str, list[str]] = defaultdict(list)
        missed: list[str] = []
        started = time.perf_counter()
        for case in cases:
            articles = articles_for(case, corpus, variant)
            if articles is None:
                continue
            runs[case.stance] += 1
            report = run(articles, backend)
            if report.contradictions:
                flagged[case.stance] += 1
                shown[case.stance].append(
                    f"[{case.body_id}] {case.headline}\n      " + "\n      ".join(_flags(report))
                )
            elif case.stance == "disagree":
                missed.append(f"[{case.body_id}] {case.headline}")
        seconds = time.perf_counter() - started
        total = sum(runs.values())
        print(f"\n== variant {variant}: {total} runs, {seconds / max(total, 1):.2f} s per run")
        for stance in STANCES:
            rate = flagged[stance] / runs[stance] if runs[stance] else 0.0
            print(f"  {stance:9} flagged {flagged[stance]:3}/{runs[stance]:3} = {rate:.2f}")
        for stance in STANCES:
            for line in shown[stance][: args.show]:
                print(f"  {stance} flag {line}")
        for line in missed[: args.misses]:
            print(f"  disagree missed {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
