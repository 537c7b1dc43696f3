"""The small interfaces every backend implements, and the choice between them.

The pipeline only sees these protocols: nothing downstream knows whether a
model or the offline rules produced the claims, verdicts or prose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from factdiff.config import Settings
from factdiff.models import (
    Article,
    Briefing,
    BriefingSentence,
    CandidateGroup,
    Claim,
    Extraction,
    Provenance,
    RelatedClaims,
    Report,
    Verdict,
)

Progress = Callable[[int], None]
"""Called with the number of items just finished, so the CLI can advance a bar."""


class Extractor(Protocol):
    def extract(self, articles: Sequence[Article], progress: Progress | None = None) -> list[Extraction]:
        """Claims per article, in input order; one article failing is an `Extraction.error`, never a raise."""
        ...


class Judge(Protocol):
    def relate(self, claims: Sequence[Claim]) -> list[RelatedClaims]:
        """Claims that answer one question in words too different for word matching to pair them."""
        ...

    def judge(self, groups: Sequence[CandidateGroup]) -> list[Verdict]:
        """One verdict per group the diff engine could not settle by rule."""
        ...


class Writer(Protocol):
    def write(self, report: Report, sections: Briefing) -> list[BriefingSentence]:
        """The briefing's lead, from the report's sections ranked most important first; every sentence cites
        finding ids of `report`."""
        ...


class Backend(Protocol):
    # read-only: a backend may hold its own extractor class, which only has to behave as an `Extractor`
    @property
    def name(self) -> str: ...

    @property
    def extractor(self) -> Extractor: ...

    @property
    def judge(self) -> Judge: ...

    @property
    def writer(self) -> Writer: ...

    def provenance(self) -> Provenance:
        """Who produced the findings, with which prompts, at what cost so far."""
        ...


class BackendChoiceError(ValueError):
    """The requested backend cannot run with this configuration."""


def choose_backend_name(settings: Settings) -> tuple[str, str | None]:
    """Resolve `auto`; returns the name and a one-line notice for the user, if any."""
    if settings.backend != "auto":
        return settings.backend, None
    if settings.api_key or settings.base_url:
        return "llm", None
    return "offline", (
        "No API key or base URL configured: using the offline backend "
        "(heuristic rules, no model). Set OPENAI_API_KEY or --backend llm for model extraction."
    )


def make_backend(settings: Settings) -> Backend:
    """Build the backend named by settings; imports are lazy so `--help` stays fast."""
    name, _ = choose_backend_name(settings)
    if name == "offline":
        from factdiff.offline import OfflineBackend

        return OfflineBackend()
    if name == "llm":
        from factdiff.llm.backend import LLMBackend

        return LLMBackend.from_settings(settings)
    raise BackendChoiceError(f"unknown backend {name!r}: use auto, offline or llm")
