"""The `factdiff` command: data on stdout, progress and notices on stderr.

Heavy modules (the pipeline, openai, trafilatura) are imported inside the
commands so that `factdiff --help` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sys
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factdiff.config import Settings
from factdiff.errors import FactdiffError

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from pydantic import ValidationError

    from factdiff.backend import Backend, Progress
    from factdiff.models import Article, ArticleError, Claim, Report, StoriesReport

app = typer.Typer(
    help="Compare news articles about one event: contradictions, unique details and consensus, each quoted "
    "from its source.",
    epilog="Exit codes: 0 ok, also when some inputs could not be read (one warning per file on stderr, and "
    "each in the report's errors); 1 failure, also when no input could be read or processed; 2 usage; "
    "4 finished but compared nothing (one article, or no grounded claim), output written.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_LOUDNESS = {"level": 1}
"""0 quiet (errors only), 1 normal (notices, warnings, progress), 2 verbose (also what each stage did)."""


def _set_loudness(quiet: bool, verbose: bool) -> None:
    if quiet or verbose:
        _LOUDNESS["level"] = 0 if quiet else 2
    level = {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO}[_LOUDNESS["level"]]
    logging.getLogger("factdiff").setLevel(level)


def _notice(message: str) -> None:
    """A line on stderr for people; silent with --quiet."""
    if _LOUDNESS["level"] >= 1:
        typer.echo(f"factdiff: {message}", err=True)


class _LineFormatter(logging.Formatter):
    """ "factdiff: warning: ..." for problems, "factdiff: ..." for --verbose notes."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = "factdiff: " if record.levelno < logging.WARNING else "factdiff: warning: "
        return prefix + record.getMessage()


QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Only errors on stderr: no notices or progress.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Also say what each stage did.")]


@app.callback()
def _main(quiet: QuietOpt = False, verbose: VerboseOpt = False) -> None:
    """Library warnings (approximate token counts, a judge batch that failed) reach stderr as one line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(_LineFormatter())
    logger = logging.getLogger("factdiff")
    logger.handlers[:] = [handler]
    logger.propagate = False
    _LOUDNESS["level"] = 1
    _set_loudness(quiet, verbose)


class BriefFormat(StrEnum):
    md = "md"
    json = "json"
    html = "html"


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class SchemaModeName(StrEnum):
    auto = "auto"
    json_schema = "json_schema"
    json_object_schema = "json_object_schema"
    json_object = "json_object"


class BackendName(StrEnum):
    auto = "auto"
    offline = "offline"
    llm = "llm"


Paths = Annotated[
    list[str], typer.Argument(help="Article files or folders (.txt .md .html .json), or - for stdin.")
]
BackendOpt = Annotated[
    BackendName, typer.Option("--backend", help="auto: llm when a key or base URL is set, else offline.")
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model name (env FACTDIFF_MODEL).")]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).")
]
CacheDirOpt = Annotated[Path | None, typer.Option("--cache-dir", help="Where model responses are cached.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", min=1, max=64, help="Parallel requests.")
]
MaxCostOpt = Annotated[float | None, typer.Option("--max-cost", min=0, help="Stop before spending more USD.")]
MaxTokensOpt = Annotated[
    int | None, typer.Option("--max-tokens", min=0, help="Stop before using more tokens.")
]
NoStrictOpt = Annotated[
    bool,
    typer.Option("--no-strict-schema", help="Same as --schema-mode json_object (kept for older scripts)."),
]
SchemaModeOpt = Annotated[
    SchemaModeName | None,
    typer.Option(
        "--schema-mode",
        help="How the answer schema is sent: strict json_schema; json_object_schema (json_object carrying the "
        "schema: llama.cpp); json_object (schema in the prompt only); auto: strict, then json_object_schema "
        "once the server refuses it (env FACTDIFF_SCHEMA_MODE).",
    ),
]


def _writable_out(out: Path | None) -> Path | None:
    """Refuse an --out the run could not write, before any work is done: a finished run is never lost."""
    if out is None:
        return None
    folder = out.parent
    problem = None
    if out.is_dir():
        problem = f"--out {out} is a folder; give a file name"
    elif not folder.is_dir():
        problem = f"--out {out}: folder {folder} does not exist; create it first"
    elif not os.access(folder, os.W_OK):
        problem = f"--out {out}: folder {folder} is not writable"
    if problem:
        raise _fail(problem, 2)
    return out


def _writable_folder(folder: Path | None) -> Path | None:
    """Refuse an --out-dir that cannot be written before the run; create it when its parent exists."""
    if folder is None:
        return None
    if folder.exists() and not folder.is_dir():
        raise _fail(f"--out-dir {folder} is a file, not a folder", 2)
    if not folder.parent.is_dir():
        raise _fail(f"--out-dir {folder}: folder {folder.parent} does not exist; create it first", 2)
    folder.mkdir(exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise _fail(f"--out-dir {folder} is not writable", 2)
    return folder


OutDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--out-dir", help="Write an index and one file per story into this folder.", callback=_writable_folder
    ),
]
StoryThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--story-threshold",
        min=0.0,
        max=1.0,
        help="How alike articles must be to be one story (default 0.15); 0 compares all as one story.",
    ),
]
JobsOpt = Annotated[int | None, typer.Option("--jobs", min=1, max=64, help="Processes comparing stories.")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="dask.distributed scheduler address (pip install 'factdiff[dask]')."),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to this file instead of stdout.", callback=_writable_out),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"factdiff: error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn every expected failure into one line and an exit code; tracebacks are for bugs."""
    try:
        yield
    except FactdiffError as error:
        raise _fail(str(error), error.exit_code) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; finished model responses are cached, re-run to resume", 130) from None


def _settings(
    backend: BackendName,
    model: str | None = None,
    base_url: str | None = None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    concurrency: int | None = None,
    max_cost: float | None = None,
    max_tokens: int | None = None,
    no_strict_schema: bool = False,
    story_threshold: float | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    schema_mode: SchemaModeName | None = None,
) -> Settings:
    """Flags override `FACTDIFF_*` / `OPENAI_*` variables, which override defaults."""
    overrides: dict[str, object] = {"backend": backend.value}
    flags = {
        "model": model,
        "base_url": base_url,
        "cache_dir": cache_dir,
        "concurrency": concurrency,
        "max_cost": max_cost,
        "max_tokens": max_tokens,
        "story_threshold": story_threshold,
        "jobs": jobs,
        "scheduler": scheduler,
    }
    overrides.update({key: value for key, value in flags.items() if value is not None})
    if no_cache:
        overrides["no_cache"] = True
    if no_strict_schema:
        overrides["strict_schema"] = False
    if schema_mode is not None:
        overrides["schema_mode"] = schema_mode.value
    return Settings.model_validate(overrides)


_RUN_OPTIONS = {
    "backend": (BackendOpt, BackendName.auto),
    "model": (ModelOpt, None),
    "base_url": (BaseUrlOpt, None),
    "cache_dir": (CacheDirOpt, None),
    "no_cache": (NoCacheOpt, False),
    "concurrency": (ConcurrencyOpt, None),
    "max_cost": (MaxCostOpt, None),
    "max_tokens": (MaxTokensOpt, None),
    "no_strict_schema": (NoStrictOpt, False),
    "story_threshold": (StoryThresholdOpt, None),
    "jobs": (JobsOpt, None),
    "scheduler": (SchedulerOpt, None),
    "schema_mode": (SchemaModeOpt, None),
    "quiet": (QuietOpt, False),
    "verbose": (VerboseOpt, False),
}


def _with_run_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command that runs the pipeline the shared backend flags, turned into one `settings` argument."""
    signature = inspect.signature(command)
    # resolved here: typer cannot resolve the string annotations of a wrapper, and would drop their help
    hints = typing.get_type_hints(command, include_extras=True)
    kept = [
        p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != "settings"
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in _RUN_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        options = {name: kwargs.pop(name) for name in _RUN_OPTIONS}
        _set_loudness(options.pop("quiet"), options.pop("verbose"))
        command(settings=_settings(**options), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=kept + added)  # type: ignore[attr-defined]
    annotations = {k: v for k, v in hints.items() if k != "settings"}
    wrapper.__annotations__ = annotations | {
        name: annotation for name, (annotation, _) in _RUN_OPTIONS.items()
    }
    return wrapper


class _RichStages:
    """Progress bars per stage on stderr, so stdout carries only data."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Progress]:
        if _LOUDNESS["level"] == 0 or not self.console.is_terminal:
            # bars are for people at a terminal; in a log they leave only blank lines
            yield lambda done: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.console, transient=True) as bars:
            task = bars.add_task(name, total=total)
            yield lambda done: bars.advance(task, done)


def _open_backend(settings: Settings) -> Backend:
    from factdiff.backend import choose_backend_name, make_backend

    _, notice = choose_backend_name(settings)
    if notice:
        _notice(notice)
    return make_backend(settings)


def _load(paths: list[str]) -> tuple[list[Article], list[ArticleError]]:
    """The readable articles and one error per unreadable file; fails when nothing could be read."""
    from factdiff.ingest import read_articles

    articles, errors = read_articles(paths, stdin=sys.stdin)
    if not articles:
        _warn_or_fail(errors, len(errors))
    return articles, errors


def _load_warned(paths: list[str]) -> list[Article]:
    """The readable articles, for commands whose output has no errors section: unreadable files are warned."""
    articles, unreadable = _load(paths)
    _warn_or_fail(unreadable, len(articles) + len(unreadable))
    return articles


def _emit(text: str, out: Path | None) -> None:
    """stdout, or the --out file written whole or not at all (a temporary file renamed into place)."""
    if out is None:
        typer.echo(text)
        return
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        temporary.replace(out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        typer.echo(text)
        raise _fail(
            f"cannot write {out} ({error.strerror or error}); the output went to stdout instead"
        ) from None
    _notice(f"wrote {out}")


NOTHING_COMPARED = 4
"""Exit code of a run that finished but compared nothing (one article, or no grounded claim); its output
is still written."""


def _exit_if_nothing_compared(result: Report | StoriesReport) -> None:
    from factdiff.brief import nothing_compared
    from factdiff.models import StoriesReport

    reports = result.stories if isinstance(result, StoriesReport) else [result]
    reasons = [nothing_compared(report) for report in reports]
    reason = reasons[0] if len(reasons) == 1 else "no story had two articles with claims"
    if all(reasons) and reason:
        _notice(f"warning: nothing was compared: {reason}")
        raise typer.Exit(NOTHING_COMPARED)


def _warn_or_fail(errors: Sequence[ArticleError], inputs: int) -> None:
    """One line per distinct problem, and one per unreadable file (each is fixed on its own); a run where
    every input failed is a failure (exit 1) with nothing on stdout, otherwise the run goes on (exit 0)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for error in errors:
        key = (error.message, error.article if error.stage == "ingest" else "")
        grouped.setdefault(key, []).append(error.article)
    lines = [f"{', '.join(names)}: {message}" for (message, _), names in grouped.items()]
    if inputs and len({e.article for e in errors}) >= inputs:
        raise _fail("no article could be processed: " + "; ".join(lines))
    for line in lines:
        _notice(f"warning: {line}")


@contextmanager
def _scheduler(address: str | None) -> Iterator[Executor | None]:
    """An executor on a dask.distributed cluster when an address is given: its workers run the stories."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise _fail("--scheduler needs dask: pip install 'factdiff[dask]'", 2) from None
    try:
        client = Client(address, timeout=10)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise _fail(f"cannot reach the dask scheduler at {address} ({error})") from None
    with client:
        yield client.get_executor()  # type: ignore[no-untyped-call]


def _run(paths: list[str], settings: Settings) -> Report | StoriesReport:
    from factdiff.models import Report
    from factdiff.pipeline import run_stories

    articles, unreadable = _load(paths)
    backend = _open_backend(settings)
    with _scheduler(settings.scheduler) as executor:
        result = run_stories(
            articles,
            backend,
            threshold=settings.story_threshold,
            jobs=settings.jobs,
            reporter=_RichStages(),
            errors=unreadable,
            executor=executor,
        )
    reports = [result] if isinstance(result, Report) else result.stories
    errors = [error for report in reports for error in report.errors]
    if not isinstance(result, Report):
        errors += result.errors
    _warn_or_fail(errors, len(articles) + len(unreadable))
    if _LOUDNESS["level"] == 2:
        usage = result.provenance.usage
        if not isinstance(result, Report):
            _notice(f"{len(reports)} stories")
        for report in reports:
            stats = report.stats
            where = f"{report.story.id}: " if report.story else ""
            _notice(
                f"{where}{stats.articles} articles, {stats.claims} claims ({stats.ungrounded_claims_dropped} "
                f"ungrounded dropped), {stats.facts} facts; {stats.contradictions} contradictions, "
                f"{stats.consensus} agreed, {stats.unique_details} unique details"
            )
        _notice(
            f"{usage.requests} requests ({usage.cache_hits} from cache), {usage.input_tokens} input and "
            f"{usage.output_tokens} output tokens, ${usage.cost_usd:.4f}"
        )
    return result


@app.command()
@_with_run_options
def brief(
    paths: Paths,
    format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="md for people, json for machines.")
    ] = (BriefFormat.md),
    out: OutOpt = None,
    out_dir: OutDirOpt = None,
    *,
    settings: Settings,
) -> None:
    """A briefing: what the sources agree on, where they contradict each other, what only one reports.

    Articles about several stories are grouped first: one briefing per story and an index."""
    from factdiff.models import StoriesReport
    from factdiff.render import render_report, story_files

    with _user_errors():
        report = _run(paths, settings)
    if out_dir is not None and isinstance(report, StoriesReport):
        for name, text in story_files(report, format.value).items():
            _emit(text, out_dir / name)
    elif out_dir is not None:
        _emit(render_report(report, format.value), out_dir / f"briefing.{format.value}")
    else:
        if format is BriefFormat.html and isinstance(report, StoriesReport):
            _notice(
                f"{len(report.stories)} stories: this is their index; --out-dir DIR writes each story's page"
            )
        _emit(render_report(report, format.value), out)
    _exit_if_nothing_compared(report)


@app.command()
@_with_run_options
def contradictions(
    paths: Paths,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table for people, json for machines.")
    ] = (TableFormat.table),
    out: OutOpt = None,
    *,
    settings: Settings,
) -> None:
    """Only the contradictions, each typed, with both sides quoted and located: a table at a terminal, plain
    lines in a pipe or a file."""
    from factdiff.render import contradictions_json, contradictions_table, contradictions_text

    with _user_errors():
        report = _run(paths, settings)
    if format is TableFormat.json:
        _emit(contradictions_json(report), out)
    elif out is None and sys.stdout.isatty():
        from rich.console import Console

        Console().print(contradictions_table(report))
    else:
        _emit(contradictions_text(report), out)
    _exit_if_nothing_compared(report)


@app.command()
@_with_run_options
def claims(
    paths: Paths,
    out: OutOpt = None,
    *,
    settings: Settings,
) -> None:
    """Extracted claims as JSON lines (one Claim per line), for `factdiff diff` or other tools."""
    from factdiff.pipeline import extract_claims

    with _user_errors():
        articles, unreadable = _load(paths)
        found, errors, _ = extract_claims(articles, _open_backend(settings), _RichStages())
        _warn_or_fail(unreadable + errors, len(articles) + len(unreadable))
    _emit("\n".join(claim.model_dump_json() for claim in found), out)


@app.command("diff")
def diff_command(
    claims_file: Annotated[Path, typer.Argument(help="Claims as JSON lines, e.g. from `factdiff claims`.")],
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles", help="The articles the claims came from (dates, outlets, wire-copy check)."
        ),
    ] = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    out: OutOpt = None,
) -> None:
    """The diff on claims made earlier, or by any other tool; uses the offline judge."""
    from factdiff.ground import ground_given
    from factdiff.models import Article
    from factdiff.offline import OfflineBackend
    from factdiff.pipeline import compare
    from factdiff.render import render_report

    with _user_errors():
        loaded = _read_claims(claims_file)
        known = _load_warned(articles) if articles else []
        grounded, dropped, unverified = ground_given(known, loaded)
        known_ids = {a.id for a in known}
        # claims may come without their articles: stand-ins carry only the id, and their quotes are unverified
        missing = dict.fromkeys(c.article for c in loaded if c.article not in known_ids)
        known += [Article(id=a, path=a, text="") for a in missing]
        if unverified:
            _notice(
                f"warning: {unverified} claims come from articles not given with --articles "
                f"({', '.join(missing)}): their quotes are shown unverified"
            )
        report = compare(
            known,
            grounded,
            OfflineBackend(),
            ungrounded=dropped,
            unverified=unverified,
            reporter=_RichStages(),
        )
    _emit(render_report(report, format.value), out)
    _exit_if_nothing_compared(report)


def _read_claims(path: Path) -> list[Claim]:
    from pydantic import ValidationError

    from factdiff.errors import InputError
    from factdiff.models import Claim

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read claims ({error.__class__.__name__})") from None
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            found.append(Claim.model_validate_json(line))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "line"
            raise InputError(f"{path}:{number}", f"not a claim ({where}: {first['msg']})") from None
    return found


@app.command()
def render(
    report_file: Annotated[Path, typer.Argument(help="A report written by `factdiff brief --format json`.")],
    format: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    out: OutOpt = None,
) -> None:
    """Re-render a saved report without re-running anything."""
    from pydantic import ValidationError

    from factdiff.models import Report, StoriesReport
    from factdiff.render import render_report

    try:
        text = report_file.read_text(encoding="utf-8")
        several = '"stories"' in text[:200] or text.lstrip().startswith('{"stories"')
        report = (StoriesReport if several else Report).model_validate_json(text)
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"{report_file}: cannot read it ({error.__class__.__name__})") from None
    except ValidationError as error:
        raise _fail(f"{report_file}: {_report_problem(error)}") from None
    _emit(render_report(report, format.value), out)


def _report_problem(error: ValidationError) -> str:
    """What is wrong with a saved report, in one line: cut off, not JSON, or which field is wrong."""
    first = error.errors()[0]
    if first["type"] == "json_invalid":
        if "EOF" in first["msg"]:
            return "the JSON ends early: the file looks cut off (was it written completely?)"
        return f"not JSON ({first['msg']})"
    where = ".".join(str(part) for part in first["loc"]) or "report"
    return f"not a factdiff report ({where}: {first['msg']})"


@app.command()
def schema() -> None:
    """The JSON Schema of the report (`brief --format json`)."""
    import json

    from factdiff.models import Report

    typer.echo(json.dumps(Report.model_json_schema(), indent=2))


@app.command()
def estimate(
    paths: Paths,
    model: ModelOpt = None,
    price_file: Annotated[
        Path | None, typer.Option("--price-file", help="TOML/JSON prices overriding the table.")
    ] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    batch: Annotated[
        bool, typer.Option("--batch", help="Also the cost with extraction through `factdiff batch`.")
    ] = False,
) -> None:
    """What an LLM run would cost before it starts: calls, tokens and dollars."""
    from factdiff.llm.estimate import estimate as estimate_run

    overrides: dict[str, object] = {"price_file": price_file} if price_file else {}
    settings = _settings(BackendName.llm, model=model).model_copy(update=overrides)
    with _user_errors():
        result = estimate_run(_load_warned(paths), settings)
    if format is TableFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    cost = f"${result.cost_usd:.4f}" if result.priced else "unknown (no price for this model)"
    typer.echo(
        f"{result.articles} articles, model {result.model}: {result.calls} calls, "
        f"{result.input_tokens} input tokens ({result.cached_input_tokens} at the cached rate), "
        f"~{result.output_tokens} output tokens expected, cost {cost}"
    )
    if batch and result.priced:
        saving = result.cost_usd - result.batch_cost_usd
        typer.echo(
            f"with the Batch API for extraction: ${result.batch_cost_usd:.4f} instead of ${result.cost_usd:.4f} "
            f"(saves ${saving:.4f}); answers within 24 hours"
        )


class EvalBackend(StrEnum):
    offline = "offline"
    replay = "replay"


@app.command("eval")
def eval_command(
    root: Annotated[Path, typer.Argument(help="A fixture folder, or a folder of fixtures.")] = Path("evals"),
    backends: Annotated[
        list[EvalBackend] | None, typer.Option("--backend", help="Which backends to score (default: both).")
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Accept the current findings as the new snapshots.")
    ] = False,
    author: Annotated[
        bool,
        typer.Option(
            "--author", help="Rebuild responses.json from authored/ and gold (after a prompt change)."
        ),
    ] = False,
    record: Annotated[
        bool, typer.Option("--record", help="Record responses.json from a real model (needs a key).")
    ] = False,
    live: Annotated[
        bool, typer.Option("--live", help="Score a real model; metrics only, no thresholds.")
    ] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    out: OutOpt = None,
) -> None:
    """Run the eval fixtures, score them against gold and their snapshots; exit 1 on any regression."""
    import json

    from rich.console import Console
    from rich.table import Table

    from factdiff import evals

    fixtures = evals.discover(root)
    if not fixtures:
        raise _fail(f"{root}: no eval fixtures (folders with gold.json) found")
    settings = _settings(BackendName.llm, model=model, base_url=base_url)
    chosen = backends or list(EvalBackend)
    factories = {EvalBackend.offline: evals.offline_backend, EvalBackend.replay: evals.replay_backend}
    results = []
    with _user_errors():
        for fixture in fixtures:
            if author:
                count = evals.author_responses(fixture, settings.model)
                typer.echo(f"factdiff: {fixture.name}: authored {count} responses", err=True)
            if record:
                count = evals.record_responses(fixture, settings)
                typer.echo(
                    f"factdiff: {fixture.name}: recorded {count} responses from {settings.model}", err=True
                )
            if live:
                from factdiff.backend import make_backend

                result, _ = evals.run_fixture(
                    fixture, "live", lambda _: make_backend(settings), enforce=False
                )
                results.append(result)
                continue
            for name in chosen:
                result, _ = evals.run_fixture(fixture, name.value, factories[name], update=update)
                results.append(result)
    table = Table(
        title="factdiff eval: precision/recall/F1, and the share of found contradictions typed right"
    )
    for column in (
        "fixture",
        "backend",
        "contradictions",
        "kinds right",
        "unique details",
        "consensus",
        "name variants",
        "result",
    ):
        table.add_column(column)
    for row in evals.summary_rows(results):
        table.add_row(*row)
    Console(width=140).print(table)
    failures = [f"{r.fixture} [{r.backend}]: {line}" for r in results for line in r.failures]
    for line in failures:
        typer.echo(f"factdiff: eval: {line}", err=True)
    if out:
        out.write_text(json.dumps([r.model_dump() for r in results], indent=2) + "\n", encoding="utf-8")
    if failures:
        raise typer.Exit(1)


batch_app = typer.Typer(
    help="The OpenAI Batch API for large corpora: extraction at half price within 24 hours, answers kept in "
    "the cache so the next `factdiff brief` on the same articles asks only what is left.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")

StateOpt = Annotated[
    Path | None,
    typer.Option(
        "--state", help="Where the last batch is remembered (default: batch.json in the cache folder)."
    ),
]
BatchIdArg = Annotated[str | None, typer.Argument(help="A batch id (default: the last one submitted).")]


def _batch_settings(
    model: str | None, base_url: str | None, cache_dir: Path | None, no_strict: bool
) -> Settings:
    return _settings(
        BackendName.llm, model=model, base_url=base_url, cache_dir=cache_dir, no_strict_schema=no_strict
    )


def _batch_id(batch_id: str | None, settings: Settings, state: Path | None) -> str:
    from factdiff.llm import batch

    return batch_id or batch.load_state(batch.state_path(settings, state)).batch_id


@batch_app.command("submit")
def batch_submit(
    paths: Paths,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    cache_dir: CacheDirOpt = None,
    no_strict_schema: NoStrictOpt = False,
    state: StateOpt = None,
) -> None:
    """Send the extraction requests `brief` would make, less those already cached; prints the batch id."""
    from factdiff.llm import batch

    settings = _batch_settings(model, base_url, cache_dir, no_strict_schema)
    with _user_errors():
        articles = _load_warned(paths)
        with closing(batch.open_client(settings)) as client:
            saved = batch.submit(client, articles, settings, batch.state_path(settings, state))
    if saved is None:
        _notice("nothing to submit: every extraction answer is in the cache already")
        return
    _notice(
        f"submitted {saved.count} extraction requests to {saved.model}; `factdiff batch collect` when done"
    )
    typer.echo(saved.batch_id)


@batch_app.command("status")
def batch_status(
    batch_id: BatchIdArg = None,
    base_url: BaseUrlOpt = None,
    cache_dir: CacheDirOpt = None,
    state: StateOpt = None,
) -> None:
    """The batch's status and how many of its requests are done."""
    from factdiff.llm import batch

    settings = _batch_settings(None, base_url, cache_dir, False)
    with _user_errors():
        chosen = _batch_id(batch_id, settings, state)
        with closing(batch.open_client(settings)) as client:
            typer.echo(batch.describe(batch.retrieve(client, chosen)))


@batch_app.command("collect")
def batch_collect(
    batch_id: BatchIdArg = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    cache_dir: CacheDirOpt = None,
    no_strict_schema: NoStrictOpt = False,
    state: StateOpt = None,
) -> None:
    """Check each answer as a live one is checked and store the good ones in the cache for `brief`."""
    from factdiff.llm import batch

    settings = _batch_settings(model, base_url, cache_dir, no_strict_schema)
    with _user_errors():
        chosen = _batch_id(batch_id, settings, state)
        with closing(batch.open_client(settings)) as client:
            collected = batch.collect(client, chosen)
    _notice(
        f"stored {collected.stored} of {collected.total} answers of batch {collected.batch_id} in the cache"
    )
    if collected.problems:
        raise _fail(batch.summary(collected))
