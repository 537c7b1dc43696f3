"""`factdiff eval`: run fixed corpora through the whole pipeline and hold the results to account.

A fixture is a folder with `articles/`, `gold.json` (what a careful reader
finds), `fixture.json` (metric thresholds per backend), `responses.json`
(model answers for the current prompts, replayed by request content) and
`expected/<backend>.json` (the snapshot of findings). A run scores each
backend against gold, compares the snapshot and says which finding changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factdiff.backend import Backend
from factdiff.config import Settings
from factdiff.errors import InputError, ReplayMissError
from factdiff.models import Report
from factdiff.scoring import Gold, Scores, score

if TYPE_CHECKING:
    import httpx2

    from factdiff.authoring import StoredResponse

M = TypeVar("M", bound=BaseModel)

BackendFactory = Callable[[Path], Backend]
"""Builds the backend for one fixture (the replaying one needs the fixture's responses)."""


class FixtureConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    event_type: str
    provenance: Literal["tuned", "held-out"] = Field(
        description="tuned: rules were changed while looking at its scores, so it measures fit, not "
        "generality. held-out: written by authors who saw neither the rules nor the metrics, and no rule "
        "was changed for it."
    )
    thresholds: dict[str, dict[str, float]] = Field(
        description="Backend name -> metric name (e.g. contradictions_f1) -> the lowest acceptable value: "
        "a target the fixture must keep meeting, not the last measurement."
    )


class BackendResult(BaseModel):
    fixture: str
    provenance: str
    backend: str
    metrics: dict[str, float]
    failures: list[str] = Field(description="Thresholds not met and snapshot changes, one line each.")
    missed: dict[str, list[str]]
    false_alarms: dict[str, list[str]]
    traps_reported: list[str]
    wrong_kinds: list[str] = Field(default_factory=list)


def discover(root: Path) -> list[Path]:
    """Fixture folders under root (or root itself), sorted so runs are comparable."""
    if (root / "gold.json").is_file():
        return [root]
    return sorted(path.parent for path in root.glob("*/gold.json"))


def _read(path: Path, model: type[M]) -> M:
    """A fixture file, or one line naming what is wrong with it."""
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"cannot read fixture file ({error.strerror})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(str(path), f"invalid fixture file ({where}: {first['msg']})") from None


def load_gold(fixture: Path) -> Gold:
    return _read(fixture / "gold.json", Gold)


def load_config(fixture: Path) -> FixtureConfig:
    return _read(fixture / "fixture.json", FixtureConfig)


def snapshot(report: Report) -> dict[str, list[Any]]:
    """The findings in a form whose diff a person can read: kinds, articles and quotes, no offsets or ids."""
    return {
        "contradictions": sorted(
            [c.kind, [[f"{s.article}: {s.quote}" for s in side] for side in c.sides]]
            for c in report.contradictions
        ),
        "unique_details": sorted(f"{u.article}: {u.quote}" for u in report.unique_details),
        "consensus": sorted(
            [sorted(k.articles), k.independent_sources, k.statement] for k in report.consensus
        ),
        "name_variants": sorted(sorted(f.form for f in v.forms) for v in report.name_variants),
        "shared_origins": sorted(sorted(o.articles) for o in report.shared_origins),
    }


def snapshot_changes(expected: dict[str, list[Any]], actual: dict[str, list[Any]]) -> list[str]:
    """One line per finding that appeared or disappeared."""
    changes = []
    for section in sorted(set(expected) | set(actual)):
        old = [json.dumps(item, ensure_ascii=False) for item in expected.get(section, [])]
        new = [json.dumps(item, ensure_ascii=False) for item in actual.get(section, [])]
        changes += [f"{section}: no longer found: {item}" for item in old if item not in new]
        changes += [f"{section}: newly found: {item}" for item in new if item not in old]
    return changes


def _failures(metrics: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    unknown = sorted(set(thresholds) - set(metrics))
    if unknown:
        raise ValueError(f"unknown metric names in thresholds: {unknown}")
    return [
        f"{name} = {metrics[name]:.2f} is below the threshold {limit:.2f}"
        for name, limit in sorted(thresholds.items())
        if metrics[name] < limit
    ]


def evaluate(report: Report, gold: Gold) -> tuple[Scores, dict[str, float]]:
    scores = score(report, gold)
    return scores, scores.metrics()


def run_fixture(
    fixture: Path,
    backend_name: str,
    make_backend: BackendFactory,
    *,
    update: bool = False,
    enforce: bool = True,
) -> tuple[BackendResult, Report]:
    """Score one backend on one fixture; `enforce=False` (live runs) reports metrics without judging them."""
    from factdiff.ingest import load_articles
    from factdiff.pipeline import run

    gold = load_gold(fixture)
    config = load_config(fixture)
    articles = load_articles([str(fixture / "articles")])
    try:
        report = run(articles, make_backend(fixture))
    except ReplayMissError as error:
        raise ReplayMissError(
            f"eval fixture {fixture.name}: {error}; rebuild the authored answers with "
            f"`factdiff eval {fixture} --author` (or re-record from a model with --record)"
        ) from error
    scores, metrics = evaluate(report, gold)
    failures: list[str] = []
    if enforce:
        failures += _failures(metrics, config.thresholds.get(backend_name, {}))
        failures += [f"{e.article}: {e.stage} failed: {e.message}" for e in report.errors]
        failures += _check_snapshot(fixture / "expected" / f"{backend_name}.json", snapshot(report), update)
    result = BackendResult(
        fixture=fixture.name,
        provenance=config.provenance,
        backend=backend_name,
        metrics=metrics,
        failures=failures,
        missed={
            name: getattr(scores, name).missed
            for name in ("contradictions", "unique_details", "consensus", "name_variants")
        },
        false_alarms={
            name: getattr(scores, name).false_alarms
            for name in ("contradictions", "unique_details", "consensus", "name_variants")
        },
        traps_reported=scores.traps_reported,
        wrong_kinds=scores.wrong_kinds,
    )
    return result, report


def _check_snapshot(path: Path, actual: dict[str, list[Any]], update: bool) -> list[str]:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return []
    if not path.is_file():
        return [f"no snapshot at {path}: run `factdiff eval --update` to accept the current findings"]
    expected = json.loads(path.read_text(encoding="utf-8"))
    return [f"snapshot changed: {line}" for line in snapshot_changes(expected, actual)]


def summary_rows(results: Sequence[BackendResult]) -> list[list[str]]:
    """Rows for the table `factdiff eval` prints: P/R/F1 per finding kind."""
    rows = []
    for result in results:
        cells = [f"{result.fixture} ({result.provenance})", result.backend]
        for name in ("contradictions", "unique_details", "consensus", "name_variants"):
            m = result.metrics
            cells.append(f"{m[f'{name}_precision']:.2f}/{m[f'{name}_recall']:.2f}/{m[f'{name}_f1']:.2f}")
            if name == "contradictions":
                cells.append(f"{m['contradictions_kind_accuracy']:.2f}")
        cells.append("ok" if not result.failures else f"{len(result.failures)} failing")
        rows.append(cells)
    return rows


EVAL_BASE_URL = "http://replay.invalid/v1"
"""Replayed and authored runs never leave the process; this URL only names the endpoint in keys."""


def _replay_settings(model: str) -> Settings:
    return Settings(backend="llm", model=model, base_url=EVAL_BASE_URL, no_cache=True, concurrency=4)


def replay_backend(fixture: Path) -> Backend:
    """The LLM backend answered from the fixture's `responses.json`; a request it has no answer for fails."""
    import httpx2

    from factdiff.authoring import load_responses
    from factdiff.llm.backend import LLMBackend
    from factdiff.llm.fake import ReplayTransport

    stored = load_responses(fixture)
    transport = ReplayTransport(stored.bodies())
    return LLMBackend.from_settings(
        _replay_settings(stored.model), http_client=httpx2.Client(transport=transport)
    )


def offline_backend(fixture: Path) -> Backend:
    from factdiff.offline import OfflineBackend

    return OfflineBackend()


def _run_through(fixture: Path, settings: Settings, transport: httpx2.BaseTransport, doing: str) -> None:
    """Run the fixture through the LLM backend so `transport` sees every request the current prompts make."""
    import httpx2

    from factdiff.ingest import load_articles
    from factdiff.llm.backend import LLMBackend
    from factdiff.pipeline import run

    backend = LLMBackend.from_settings(settings, http_client=httpx2.Client(transport=transport))
    report = run(load_articles([str(fixture / "articles")]), backend)
    if report.errors:
        first = report.errors[0]
        raise ValueError(f"{fixture.name}: {doing} failed: {first.article}: {first.message}")


def _save_responses(
    fixture: Path,
    source: Literal["authored", "recorded"],
    model: str,
    note: str,
    responses: dict[str, StoredResponse],
) -> int:
    import datetime

    from factdiff.authoring import RESPONSES_FILE, ResponseFile
    from factdiff.prompts import prompt_versions

    stored = ResponseFile(
        source=source,
        model=model,
        created=datetime.date.today().isoformat(),
        prompt_versions=prompt_versions(),
        note=note,
        responses=dict(sorted(responses.items())),
    )
    (fixture / RESPONSES_FILE).write_text(stored.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return len(stored.responses)


def author_responses(fixture: Path, model: str) -> int:
    """Rebuild `responses.json` from `authored/` and gold through the current prompts; returns the count."""
    from factdiff.authoring import AuthoringTransport, load_authored, load_related
    from factdiff.ingest import load_articles

    articles = load_articles([str(fixture / "articles")])
    transport = AuthoringTransport(
        articles, load_authored(fixture), load_related(fixture), load_gold(fixture)
    )
    _run_through(fixture, _replay_settings(model), transport, "authoring")
    note = "Written by the factdiff developers (authored/*.json and gold.json), not recorded from a model."
    return _save_responses(fixture, "authored", model, note, transport.captured)


def record_responses(fixture: Path, settings: Settings) -> int:
    """Ask a real endpoint every request the pipeline makes and store the answers, labelled `recorded`."""
    import httpx2

    from factdiff.authoring import StoredResponse
    from factdiff.llm.fake import ReplayTransport

    transport = ReplayTransport({}, fallback=httpx2.HTTPTransport())
    _run_through(fixture, settings, transport, "recording")
    note = f"Recorded from {settings.model} at {settings.base_url or 'the OpenAI API'}."
    responses = {key: StoredResponse(prompt="", body=body) for key, body in transport.recorded.items()}
    return _save_responses(fixture, "recorded", settings.model, note, responses)
