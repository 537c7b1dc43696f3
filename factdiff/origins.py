"""Which articles are copies of one piece: wire copy, light rewrites, syndication.

Ten outlets running one agency story are one source, not ten, so consensus
counts independent origins. Two articles share an origin when the smaller one
is mostly made of the larger one's word 5-grams: containment (shared shingles
over the smaller article's shingles) of at least `SHARED_ORIGIN_THRESHOLD`.
Containment rather than Jaccard, because a rewrite often trims or pads the
wire text. 5-grams of folded words survive punctuation and quote-style edits
but are too long to match by chance between independent reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdiff.models import Article, SharedOrigin
from factdiff.normalize import fold

SHINGLE_SIZE = 5
SHARED_ORIGIN_THRESHOLD = 0.5
"""Half of the smaller article's 5-grams found verbatim in the other: far above what independent reports share."""


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", fold(text))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def containment(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def shared_origins(
    articles: Sequence[Article], threshold: float = SHARED_ORIGIN_THRESHOLD
) -> list[SharedOrigin]:
    """Groups of two or more articles linked by shingle containment (transitively), in input order."""
    grams = [shingles(article.text) for article in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    best: dict[int, float] = {}
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            score = containment(grams[i], grams[j])
            if score >= threshold:
                parent[root(j)] = root(i)
                best[i] = max(best.get(i, 0.0), score)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    origins = []
    for members in groups.values():
        if len(members) < 2:
            continue
        similarity = max(best.get(i, 0.0) for i in members)
        origins.append(
            SharedOrigin(
                articles=[articles[i].id for i in members],
                similarity=round(similarity, 3),
                explanation=(
                    f"{similarity:.0%} of the shorter article's {SHINGLE_SIZE}-word sequences appear verbatim "
                    f"in the other (threshold {threshold:.0%}): likely one origin (wire copy or rewrite)."
                ),
            )
        )
    return origins


def origin_of(articles: Sequence[Article], origins: Sequence[SharedOrigin]) -> dict[str, str]:
    """Article id -> id of the first article of its origin group (itself when independent)."""
    mapping = {article.id: article.id for article in articles}
    for origin in origins:
        for article in origin.articles:
            mapping[article] = origin.articles[0]
    return mapping
