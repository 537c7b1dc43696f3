"""Runs the stages in order: ingest -> extract -> ground -> align/diff -> brief.

Each stage is a plain function over the models in `factdiff.models`, so the
CLI can stop after any of them (`claims`), start from their output (`diff`),
or re-render a finished report (`render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from pydantic import BaseModel

from factdiff.backend import Backend, Progress
from factdiff.models import Article, ArticleError, Claim, Report, Stats, StoriesReport, Story


class StageReporter(Protocol):
    """Where stage progress goes; the CLI draws bars on stderr, tests pass nothing."""

    def stage(self, name: str, total: int) -> AbstractContextManager[Progress]: ...


class _Silent:
    def stage(self, name: str, total: int) -> AbstractContextManager[Progress]:
        return nullcontext(lambda done: None)


def readable_articles(articles: Sequence[Article]) -> tuple[list[Article], list[ArticleError]]:
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
    claims, errors, ungrounded = _extract(articles, backend, reporter or _Silent())
    return claims, errors, sum(ungrounded.values())


def _extract(
    articles: Sequence[Article], backend: Backend, reporter: StageReporter
) -> tuple[list[Claim], list[ArticleError], dict[str, int]]:
    """`extract_claims`, with the ungrounded count of each article."""
    from factdiff.ground import ground_claims

    articles, errors = readable_articles(articles)
    with reporter.stage("extract", len(articles)) as progress:
        extractions = backend.extractor.extract(articles, progress)
    by_id = {article.id: article for article in articles}
    claims: list[Claim] = []
    ungrounded: dict[str, int] = {}
    for extraction in extractions:
        if extraction.error:
            errors.append(ArticleError(article=extraction.article, stage="extract", message=extraction.error))
        kept, dropped = ground_claims(by_id[extraction.article], extraction.claims)
        claims.extend(kept)
        ungrounded[extraction.article] = extraction.ungrounded + dropped
    return claims, errors, ungrounded


def compare(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    backend: Backend,
    *,
    errors: Sequence[ArticleError] = (),
    ungrounded: int = 0,
    unverified: int = 0,
    reporter: StageReporter | None = None,
) -> Report:
    """Align, diff and brief: everything after extraction."""
    from factdiff.brief import footer, write_briefing
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
            unverified_claims=unverified,
            contradictions=len(result.contradictions),
            unique_details=len(result.unique_details),
            consensus=len(result.consensus),
        ),
        **result.model_dump(),
    )
    with reporter.stage("brief", 1) as progress:
        briefing = write_briefing(report, backend.writer)
        progress(1)
    # usage grows during judging and briefing: take provenance last, then the briefing's footer from it
    report.provenance = backend.provenance()
    report.briefing = briefing.model_copy(update={"footer": footer(report)})
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


def run_stories(
    articles: Sequence[Article],
    backend: Backend,
    *,
    threshold: float,
    jobs: int = 1,
    reporter: StageReporter | None = None,
    errors: Sequence[ArticleError] = (),
    executor: Executor | None = None,
) -> Report | StoriesReport:
    """A run over a day of coverage: articles grouped into stories first, each story compared on its own.

    One story gives the same `Report` as `run`. Several give a `StoriesReport`, one report per story. Offline
    with `jobs` > 1, each story is extracted and compared in one of `jobs` processes: `run_story` is a pure
    function of plain data, so any process pool, or a distributed one, can run it. A model backend extracts
    every article at once (its requests run concurrently), then compares story by story. `errors` (inputs
    that could not be read) lead the report's errors. `executor` runs the offline stories instead of a local
    process pool: any `concurrent.futures.Executor`, such as a dask.distributed client's `get_executor()`.
    """
    from factdiff.stories import cluster

    reporter = reporter or _Silent()
    readable, set_aside = readable_articles(articles)
    stories = cluster(readable, threshold)
    if len(stories) <= 1:
        return run(articles, backend, reporter, errors=errors)
    members = {article.id: article for article in readable}
    work = [StoryInput(story=story, articles=[members[a] for a in story.articles]) for story in stories]
    if (jobs > 1 or executor is not None) and backend.name == "offline":
        from concurrent.futures import ProcessPoolExecutor

        with (
            reporter.stage("stories", len(work)) as progress,
            nullcontext(executor) if executor is not None else ProcessPoolExecutor(max_workers=jobs) as pool,
        ):
            reports = []
            for report in pool.map(run_story, work):
                reports.append(report)
                progress(1)
    else:
        claims, found, ungrounded = _extract(readable, backend, reporter)
        by_article: dict[str, list[Claim]] = {}
        for claim in claims:
            by_article.setdefault(claim.article, []).append(claim)
        with reporter.stage("stories", len(work)) as progress:
            reports = []
            for item in work:
                ids = item.story.articles
                item.claims = [claim for article in ids for claim in by_article.get(article, [])]
                item.errors = [error for error in found if error.article in ids]
                item.ungrounded = sum(ungrounded.get(article, 0) for article in ids)
                reports.append(run_story(item, backend))
                progress(1)
    return StoriesReport(stories=reports, errors=[*errors, *set_aside], provenance=backend.provenance())


class StoryInput(BaseModel):
    """What one story needs, as plain data that crosses a process boundary; claims None: extract them."""

    story: Story
    articles: list[Article]
    claims: list[Claim] | None = None
    errors: list[ArticleError] = []
    ungrounded: int = 0


def run_story(item: StoryInput, backend: Backend | None = None) -> Report:
    """One story's report from plain data; without a backend, the offline one (what a worker process uses)."""
    if backend is None:
        from factdiff.offline import OfflineBackend

        return run_story(item, OfflineBackend())
    if item.claims is None:
        claims, errors, ungrounded = extract_claims(item.articles, backend)
        item = item.model_copy(
            update={"claims": claims, "errors": [*item.errors, *errors], "ungrounded": ungrounded}
        )
    report = compare(
        item.articles, item.claims or [], backend, errors=item.errors, ungrounded=item.ungrounded
    )
    report.story = item.story
    return report
