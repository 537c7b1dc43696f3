"""Story clustering: a day of coverage grouped into stories before anything is compared across articles."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff.cli import app
from factdiff.ingest import load_articles
from factdiff.models import Article, Report, StoriesReport
from factdiff.offline import OfflineBackend
from factdiff.pipeline import run_stories
from factdiff.stories import STORY_THRESHOLD, cluster

from .conftest import EXAMPLE

runner = CliRunner()

FIRE = [
    "A fire destroyed a timber warehouse at the Northgate docks overnight, and twelve workers were treated for "
    "smoke. The docks fire began in a storage shed, the fire brigade said.",
    "Twelve dock workers were treated for smoke after fire swept through a timber warehouse at Northgate "
    "docks. The brigade said the warehouse fire started in a shed.",
]
VOTE = [
    "The regional parliament approved the budget by 41 votes to 38 after a night of debate over school "
    "funding. The opposition said the budget cut teachers' pay.",
    "Lawmakers passed the regional budget 41 to 38, ending a debate on school funding; opposition members "
    "said the budget cut pay for teachers.",
]


def _articles(texts: dict[str, str], published: dict[str, date] | None = None) -> list[Article]:
    return [
        Article(id=k, path=f"{k}.txt", text=v, published=(published or {}).get(k)) for k, v in texts.items()
    ]


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def test_two_stories_are_told_apart_and_each_keeps_its_outlets():
    articles = _articles({"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    stories = cluster(articles)
    assert sorted(sorted(s.articles) for s in stories) == [["f1", "f2"], ["v1", "v2"]]
    assert [s.id for s in stories] == ["S1", "S2"] and stories[0].articles == ["f1", "f2"]


def test_one_story_stays_one_story():
    assert len(cluster(_articles({"f1": FIRE[0], "f2": FIRE[1]}))) == 1
    assert len(cluster(load_articles([str(EXAMPLE / "articles")]))) == 1


def test_articles_a_week_apart_are_not_one_story():
    near = {"f1": date(2026, 3, 1), "f2": date(2026, 3, 2)}
    far = {"f1": date(2026, 3, 1), "f2": date(2026, 3, 12)}
    texts = {"f1": FIRE[0], "f2": FIRE[1]}
    assert len(cluster(_articles(texts, near))) == 1
    assert len(cluster(_articles(texts, far))) == 2


def test_the_threshold_controls_the_grouping():
    articles = _articles({"f1": FIRE[0], "f2": FIRE[1]})
    assert len(cluster(articles, STORY_THRESHOLD)) == 1
    assert len(cluster(articles, 1.0)) == 2
    apart = _articles({"f1": FIRE[0], "v1": VOTE[0]})
    assert len(cluster(apart)) == 2 and len(cluster(apart, 0.0)) == 1


def test_several_stories_give_one_report_per_story_with_nothing_compared_across_them():
    articles = _articles({"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    result = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD)
    assert isinstance(result, StoriesReport)
    for report in result.stories:
        assert report.story is not None
        members = set(report.story.articles)
        assert {a.id for a in report.articles} == members
        assert all(
            span.article in members for c in report.contradictions for side in c.sides for span in side
        )


def test_a_single_story_run_is_the_report_it_always_was():
    articles = load_articles([str(EXAMPLE / "articles")])
    result = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD)
    assert isinstance(result, Report) and result.story is None and len(result.articles) == 5


def test_parallel_stories_give_the_same_reports(tmp_path: Path):
    articles = _articles({"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    one = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD, jobs=1)
    two = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD, jobs=2)
    assert isinstance(one, StoriesReport) and isinstance(two, StoriesReport)
    assert [r.model_dump() for r in one.stories] == [r.model_dump() for r in two.stories]


def test_cli_writes_an_index_and_one_briefing_per_story(tmp_path: Path):
    folder = _write(tmp_path / "day", {"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    shown = runner.invoke(app, ["brief", str(folder)])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("# factdiff: 2 stories from 4 articles")
    assert shown.stdout.count("# factdiff briefing") == 2
    out = tmp_path / "out"
    written = runner.invoke(app, ["brief", str(folder), "-f", "html", "--out-dir", str(out)])
    assert written.exit_code == 0, written.stderr
    assert sorted(p.name for p in out.iterdir()) == ["S1.html", "S2.html", "index.html"]
    assert 'href="S1.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_render_reads_a_report_of_several_stories(tmp_path: Path):
    folder = _write(tmp_path / "day", {"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    made = runner.invoke(app, ["brief", str(folder), "-f", "json"])
    payload = json.loads(made.stdout)
    assert payload["schema_version"] == "2.0" and len(payload["stories"]) == 2
    path = tmp_path / "day.json"
    path.write_text(made.stdout, encoding="utf-8")
    rendered = runner.invoke(app, ["render", str(path)])
    assert rendered.exit_code == 0, rendered.stderr
    assert rendered.stdout.startswith("# factdiff: 2 stories")


def test_stories_run_on_a_dask_cluster_as_they_do_locally():
    distributed = pytest.importorskip("distributed")
    articles = _articles({"f1": FIRE[0], "v1": VOTE[0], "f2": FIRE[1], "v2": VOTE[1]})
    local = run_stories(articles, OfflineBackend(), threshold=STORY_THRESHOLD)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_stories(
            articles, OfflineBackend(), threshold=STORY_THRESHOLD, executor=client.get_executor()
        )
    assert isinstance(local, StoriesReport) and isinstance(remote, StoriesReport)
    assert [r.model_dump() for r in remote.stories] == [r.model_dump() for r in local.stories]


def test_a_long_run_of_one_beat_is_told_apart_by_date():
    """The same words week after week (a beat): articles meet only those published days apart."""
    weekly = [
        Article(
            id=f"w{week}-{n}", path="x.txt", text=FIRE[n], published=date(2026, 1, 1) + timedelta(weeks=week)
        )
        for week in range(60)
        for n in range(2)
    ]
    stories = cluster(weekly)
    assert len(stories) == 60 and all(len({a.split("-")[0] for a in s.articles}) == 1 for s in stories)
