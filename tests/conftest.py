"""Shared test set-up: no real keys or endpoints ever reach a test, and tiktoken reads ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
EXAMPLE = REPO / "examples" / "harbour-fire"

if (SHARED / "tiktoken").is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED / "tiktoken"))


@pytest.fixture(autouse=True)
def _no_real_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A developer's own key or FACTDIFF_* settings must not change what a test sees."""
    for name in list(os.environ):
        if name.startswith(("FACTDIFF_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTDIFF_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpora/seeds is not present")
    return SEEDS
