"""Cleaning measured on real scraped articles in ../shared (skipped when that folder is absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factdiff.cleaning import clean_text
from factdiff.ingest import load_articles

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

# Generic markers of page junk; none of them can occur in a news sentence of these articles.
JUNK = [
    re.compile(r"page you were looking for", re.I),
    re.compile(r"^\W*sorry\W*$", re.I | re.M),
    re.compile(r"^\W*date \d{4}-\d{2}-\d{2} \d{3}\W*$", re.I | re.M),
    re.compile(r"send push", re.I),
    re.compile(r"next story", re.I),
    re.compile(r"legal disclaimer", re.I),
    re.compile(r"find more stories", re.I),
    re.compile(r"[\"“]as is[\"”]", re.I),
    re.compile(r"download the app", re.I),
    re.compile(r"related sources", re.I),
    re.compile(r"no comment", re.I),
]
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]*\s+(?=[\"'“‘]?[A-Z])")
ELLIPSIS = re.compile(r"(\.\.\.|…)$")


def _seed(path: Path | None) -> str:
    if path is None:
        pytest.skip(f"{SEEDS} is not present")
    return path.read_text(encoding="utf-8")


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _news_sentences(raw: str) -> list[str]:
    """Sentences of at least five words that carry no junk marker, up to the legal boilerplate."""
    body = re.split(r"legal disclaimer", raw, flags=re.I)[0]
    sentences = [s.strip() for line in body.splitlines() for s in SENTENCE_END.split(line)]
    return [
        s
        for s in sentences
        if len(re.findall(r"[^\W\d_]{2,}", s)) >= 5 and not any(p.search(s) for p in JUNK)
    ]


seed_params = pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.stem) for p in SEED_FILES] or [pytest.param(None, id="no-seeds")],
)


@seed_params
def test_no_junk_remains(path):
    cleaned = clean_text(_seed(path)).text
    assert not [p.pattern for p in JUNK if p.search(cleaned)]


@seed_params
def test_no_paragraph_or_sentence_twice(path):
    cleaned = clean_text(_seed(path)).text
    paragraphs = [_normalise(line) for line in cleaned.splitlines() if line.strip()]
    assert len(paragraphs) == len(set(paragraphs))
    sentences = [s for s in _news_sentences(cleaned)]
    assert len(sentences) == len(set(sentences))


@seed_params
def test_no_news_sentence_lost(path):
    raw = _seed(path)
    cleaned = _normalise(clean_text(raw).text)
    lost = [s for s in _news_sentences(raw) if _normalise(ELLIPSIS.sub("", s)) not in cleaned]
    assert lost == []


@seed_params
def test_every_kept_character_maps_to_the_file(path):
    raw = _seed(path)
    result = clean_text(raw)
    for run in result.offset_map:
        segment = result.text[run.clean_start : run.clean_start + run.length]
        assert raw[run.original_start : run.original_start + run.length] == segment
    assert sum(run.length for run in result.offset_map) == len(result.text) - result.text.count("\n")


@seed_params
def test_cleaning_removes_something_only_from_pages_with_junk(path):
    raw = _seed(path)
    result = clean_text(raw)
    has_junk = any(p.search(raw) for p in JUNK) or bool(re.search(r"(\.\.\.|…)\s*$", raw, re.M))
    assert bool(result.removed) == has_junk


def test_folder_of_seeds_loads_with_unique_ids():
    if not SEED_FILES:
        pytest.skip(f"{SEEDS} is not present")
    articles = load_articles([str(SEEDS)])
    assert [a.id for a in articles] == [p.stem for p in SEED_FILES]
    assert all(a.text.strip() for a in articles)


MIN_SEEDS_WITH_OUTLET = 3
"""Seeds whose own text names their outlet (a byline, an agency tag, a site-name line)."""


def test_seed_outlets_come_from_the_pages_not_the_file_names():
    if not SEED_FILES:
        pytest.skip(f"{SEEDS} is not present")
    articles = load_articles([str(SEEDS)])
    named = [a for a in articles if a.outlet]
    assert len(named) >= MIN_SEEDS_WITH_OUTLET
    assert all(a.outlet_source == "text" and a.outlet not in (a.id, Path(a.path).stem) for a in named)
    assert all(a.outlet_source == "file-name" for a in articles if not a.outlet)
