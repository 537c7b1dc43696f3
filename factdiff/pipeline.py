"""Runs the stages in order: ingest -> extract -> ground -> align/diff -> brief.

Each stage is a plain function over the models in `factdiff.models`, so the
CLI can stop after any of them (`claims`), start from their output (`diff`),
or re-render a finished report (`render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from factdiff.backend import Backend, Progress
from factdiff.models import Article, ArticleError, Claim, Report, Stats


class StageReporter(Protocol):
    """Where stage progress goes; the CLI draws bars on stderr, tests pass nothing."""

    def stage(self, name: str, total: int) -> AbstractContextManager[Progress]: ...


class _Silent:
    def stage(self, name: str, total: int) -> AbstractContextManager[Progress]:
        return nullcontext(lambda done: None)


def _readable(articles: Sequence[Article]) -> tuple[list[Article], list[ArticleError]]:
    """Articles in a language the rules read, and one error for each one set aside.

    Both backends' claims go through the same English rules, so an article in another language is never
    compared: its findings would come from sentences the rules cannot read.
    """
    from factdiff.lang.language import language_name, language_of, readable

    kept: list[Article] = []
    errors: list[ArticleError] = []
    for article in articles:
        language = article.language or language_of(article.text)
        if readable(language):
            kept.append(article)
        else:
            message = (
                f"set aside: written in {language_name(language or '')}, and factdiff compares articles in "
                "English only"
            )
            errors.append(ArticleError(article=article.id, stage="language", message=message))
    return kept, errors


def extract_claims(
    articles: Sequence[Article], backend: Backend, reporter: StageReporter | None = None
) -> tuple[list[Claim], list[ArticleError], int]:
    """Claims of every article that could be read, the per-article errors, and the ungrounded count.

    Articles in a language the rules do not read are set aside, each with an error saying so.

    Evidence offsets are re-checked here for every backend: they are checked, not trusted.
    """
    from factdiff.ground import ground_claims

    reporter = reporter or _Silent()
    articles, errors = _readable(articles)
    with reporter.stage("extract", len(articles)) as progress:
        extractions = backend.extractor.extract(articles, progress)
    by_id = {article.id: article for article in articles}
    claims: list[Claim] = []
    ungrounded = 0
    for extraction in extractions:
        if extraction.error:
            errors.append(ArticleError(article=extraction.article, stage="extract", message=extraction.error))
        kept, dropped = ground_claims(by_id[extraction.article], extraction.claims)
        claims.extend(kept)
        ungrounded += extraction.ungrounded + dropped
    return claims, errors, ungrounded


def compare(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    backend: Backend,
    *,
    errors: Sequence[ArticleError] = (),
    ungrounded: int = 0,
    reporter: StageReporter | None = None,
) -> Report:
    """Align, diff and brief: everything after extraction."""
    from factdiff.brief import build_briefing, write_lead
    from factdiff.diff import diff

    reporter = reporter or _Silent()
    with reporter.stage("diff", 1) as progress:
        result = diff(articles, claims, backend.judge)
        progress(1)
    report = Report(
        articles=list(articles),
        claims=list(claims),
        errors=list(errors),
        provenance=backend.provenance(),
        stats=Stats(
            articles=len(articles),
            claims=len(claims),
            facts=len(result.facts),
            ungrounded_claims_dropped=ungrounded,
            contradictions=len(result.contradictions),
            unique_details=len(result.unique_details),
            consensus=len(result.consensus),
        ),
        **result.model_dump(),
    )
    with reporter.stage("brief", 1) as progress:
        lead = write_lead(report, backend.writer)
        progress(1)
    # usage grows during judging and briefing: take provenance last, then the briefing's footer from it
    report.provenance = backend.provenance()
    report.briefing = build_briefing(report, lead)
    return report


def run(
    articles: Sequence[Article],
    backend: Backend,
    reporter: StageReporter | None = None,
    *,
    errors: Sequence[ArticleError] = (),
) -> Report:
    """The whole pipeline; `errors` (inputs that could not be read) lead the report's errors."""
    claims, found, ungrounded = extract_claims(articles, backend, reporter)
    return compare(
        articles, claims, backend, errors=[*errors, *found], ungrounded=ungrounded, reporter=reporter
    )
