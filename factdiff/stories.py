"""The story stage: a day of coverage grouped into stories before any claim is compared across articles.

Two articles are about one story when their words weigh alike: TF-IDF over the content lemmas of the
headline (counted twice) and the opening, so names and rare nouns ("tanker", "Kursk") decide and common
words do not. Candidate pairs come from an inverted index of each article's most telling words, so the cost
grows with the number of articles, not with its square. Pairs at or above the threshold are joined, most
similar first; articles published more than `MAX_DAYS_APART` days apart are never joined. No model is needed.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from factdiff.align import content_stems
from factdiff.models import Article, Story

STORY_THRESHOLD = 0.15
"""Cosine similarity at which two articles are one story (`--story-threshold`)."""
OPENING_CHARS = 1500
"""The headline and the opening carry the story; the rest of an article wanders into background."""
TELLING_WORDS = 50
"""Words per article that index it: an article meets the others that share one of its most telling words."""
MAX_DAYS_APART = 4
ZIPF_CEILING = 8.0
"""A word's weight is this minus its Zipf frequency (the commonest English words score about 7.7)."""
CENTROID_SHARE = 1.0
"""Two groups join only if their summed vectors are at least this share of the threshold alike."""
MAX_POSTING = 100
"""A word among the most telling of more articles than this (published within a few days) names a beat, not a
story: it joins no pair."""


def _terms(article: Article) -> Counter[str]:
    title = article.title or ""
    opening = article.text[:OPENING_CHARS]
    words: Counter[str] = Counter()
    for text, weight in ((title, 2), (opening, 1)):
        for word in content_stems(text):
            words[word] += weight
    return words


def _rarity(word: str) -> float:
    """How telling a word is in English at large (wordfreq's Zipf scale, its data in its wheel): a corpus of
    one story has no contrast of its own, so "warehouse" must weigh more than "people" without one."""
    frequency = _frequencies().get(word, 0.0)
    zipf = math.log10(frequency) + 9 if frequency > 0 else 0.0
    return max(ZIPF_CEILING - zipf, 0.5)


@functools.cache
def _frequencies() -> dict[str, float]:
    """wordfreq's small English list, read once: a lookup per word instead of its tokenizer per call."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="small")


def _vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear term frequency)."""
    terms = [_terms(article) for article in articles]
    df: Counter[str] = Counter(word for counts in terms for word in counts)
    total = len(articles)
    vectors = []
    for counts in terms:
        vector = {
            w: (1 + math.log(c)) * _rarity(w) * (math.log((1 + total) / (1 + df[w])) + 1)
            for w, c in counts.items()
        }
        norm = math.sqrt(math.fsum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items() if v > 0})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # fsum: exact whatever the order of the words, so grouping never depends on string hashing
    return math.fsum(v * b.get(w, 0.0) for w, v in a.items())


def _centroid_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two summed vectors: a pair alone never chains two stories whose articles mostly differ."""
    norm_a = math.sqrt(math.fsum(v * v for v in a.values())) or 1.0
    norm_b = math.sqrt(math.fsum(v * v for v in b.values())) or 1.0
    return _cosine(a, b) / (norm_a * norm_b)


def _apart(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) > MAX_DAYS_APART


def _title(article: Article) -> str:
    if article.title:
        return article.title
    words = article.text.split()
    return " ".join(words[:12]) + (" \u2026" if len(words) > 12 else "")


def _candidates(members: list[int], articles: Sequence[Article]) -> Iterator[tuple[int, int]]:
    """Pairs of the articles that share one telling word. A word shared by more than `MAX_POSTING` articles
    still pairs those published within `MAX_DAYS_APART` days of each other (a year of one beat repeats its
    words, but its stories are days apart), unless that many share it within those days too."""
    if len(members) <= MAX_POSTING:
        yield from ((i, j) for x, i in enumerate(members) for j in members[x + 1 :])
        return
    dated = sorted((article.published, i) for i in members if (article := articles[i]).published)
    for x, (day, i) in enumerate(dated):
        window = []
        for other_day, j in dated[x + 1 : x + 2 + MAX_POSTING]:
            if (other_day - day).days > MAX_DAYS_APART:
                break
            window.append(j)
        if len(window) <= MAX_POSTING:
            yield from ((min(i, j), max(i, j)) for j in window)


def cluster(articles: Sequence[Article], threshold: float = STORY_THRESHOLD) -> list[Story]:
    """Stories in order of their first article; every article is in exactly one. A threshold of 0 keeps all
    articles in one story, 1 (almost always) each on its own."""
    if threshold <= 0 and articles:
        return [Story(id="S1", title=_title(articles[0]), articles=[article.id for article in articles])]
    vectors = _vectors(articles)
    index: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for word in sorted(vector, key=lambda w: (-vector[w], w))[:TELLING_WORDS]:
            index[word].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for members in index.values():
        for i, j in _candidates(members, articles):
            if (i, j) not in pairs and not _apart(articles[i].published, articles[j].published):
                pairs[(i, j)] = _cosine(vectors[i], vectors[j])
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    centroids = {i: dict(vector) for i, vector in enumerate(vectors)}
    for (i, j), score in sorted(pairs.items(), key=lambda item: -item[1]):
        if score < threshold:
            break
        a, b = root(i), root(j)
        if a == b or _centroid_cosine(centroids[a], centroids[b]) < threshold * CENTROID_SHARE:
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        for word, weight in centroids.pop(gone).items():
            centroids[keep][word] = centroids[keep].get(word, 0.0) + weight
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[root(i)].append(i)
    ordered = sorted(groups.values(), key=lambda members: members[0])
    return [
        Story(id=f"S{n}", title=_title(articles[members[0]]), articles=[articles[i].id for i in members])
        for n, members in enumerate(ordered, start=1)
    ]
