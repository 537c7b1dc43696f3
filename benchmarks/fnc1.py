"""FNC-1 training split (public headline/body stance data) read from a local folder, never committed.

The folder holds `train_bodies.csv` and `train_stances.csv` as published by the Fake News Challenge
(github.com/FakeNewsChallenge/fnc-1); stances may be words or the 0-3 codes some copies use. Bodies are split
into dev and test halves by a hash of their id, so every pair of one body lands in one half, and a benchmark
reports the test half only when asked.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from factdiff.models import Article

STANCE_CODES = {"0": "agree", "1": "disagree", "2": "discuss", "3": "unrelated"}
TEST_SHARE = 0.3
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "fnc1"


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: str
    stance: str


@dataclass(frozen=True)
class Corpus:
    bodies: dict[str, str]
    pairs: list[Pair]


def split_of(body_id: str) -> str:
    """'dev' or 'test', fixed by the body id alone."""
    digest = hashlib.sha256(f"fnc1-body-{body_id}".encode()).digest()
    return "test" if digest[0] < 256 * TEST_SHARE else "dev"


def load(folder: Path, split: str) -> Corpus | None:
    """The split's bodies and pairs, or None when the data is not on this machine."""
    bodies_file, stances_file = folder / "train_bodies.csv", folder / "train_stances.csv"
    if not (bodies_file.is_file() and stances_file.is_file()):
        return None
    with bodies_file.open(encoding="utf-8", newline="") as handle:
        bodies = {
            row["Body ID"]: row["articleBody"]
            for row in csv.DictReader(handle)
            if split_of(row["Body ID"]) == split
        }
    with stances_file.open(encoding="utf-8", newline="") as handle:
        pairs = [
            Pair(row["Headline"].strip(), body, STANCE_CODES.get(row["Stance"], row["Stance"]))
            for row in csv.DictReader(handle)
            if (body := row.get("Body ID") or row["Body_ID"]) in bodies
        ]
    return Corpus(bodies, pairs)


def article(article_id: str, text: str, outlet: str, *, title: str | None = None) -> Article:
    """One benchmark article as ingest would build it from a plain-text file with a header block."""
    from factdiff.cleaning import clean_text

    cleaned = clean_text(text)
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        outlet=outlet,
        title=title,
        text=cleaned.text,
        offset_map=cleaned.offset_map,
        removed=cleaned.removed,
    )
