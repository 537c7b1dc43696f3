"""The HTML report: every finding highlighted where it is quoted, anchors that resolve, article text inert."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from factdiff.cli import app
from factdiff.html_report import briefing_html, finding_quotes
from factdiff.models import Report, Span
from factdiff.render import briefing_of, render_report
from tests.html_helpers import EXAMPLE_ARTICLES, hostile_folder, report_of, runner, write_html


class _Page(HTMLParser):
    """Every element with its attributes, in document order, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def by_id(self) -> dict[str, tuple[str, dict[str, str]]]:
        return {a["id"]: (t, a) for t, a in self.elements if "id" in a}


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def example() -> tuple[Report, str]:
    report = report_of([EXAMPLE_ARTICLES])
    return report, briefing_html(report, briefing_of(report))


def test_every_finding_is_highlighted_in_every_article_it_quotes(example):
    report, html = example
    page = parse(html)
    column_of_tag: dict[tuple[str, int], int] = {}
    article = -1
    for tag, attrs in page.elements:
        if tag == "article" and attrs.get("id", "").startswith("a"):
            article = int(attrs["id"][1:])
        if tag == "a" and "tag" in attrs.get("class", "").split():
            column_of_tag[(attrs["data-finding"], article)] = (
                column_of_tag.get((attrs["data-finding"], article), 0) + 1
            )
    index = {a.id: i for i, a in enumerate(report.articles)}
    quotes = finding_quotes(briefing_of(report))
    assert quotes, "the example has findings"
    for finding, spans in quotes.items():
        for article_id in {s.article for s in spans}:
            assert column_of_tag.get((finding, index[article_id])), (finding, article_id)
    marks = [a for t, a in page.elements if t == "mark"]
    assert len(marks) >= len({(s.article, s.start) for spans in quotes.values() for s in spans})


def test_every_in_page_anchor_resolves_and_spans_link_back(example):
    _, html = example
    page = parse(html)
    ids = page.by_id()
    assert len(ids) == len([a for _, a in page.elements if "id" in a]), "ids are unique"
    hrefs = [a["href"] for t, a in page.elements if t == "a" and "href" in a]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#"), href
        assert href[1:] in ids, href
    tags = [a for t, a in page.elements if t == "a" and "tag" in a.get("class", "").split()]
    for attrs in tags:
        target_tag, target = ids[attrs["href"][1:]]
        assert "finding" in target.get("class", "").split(), attrs
    # a finding's quote links land on a highlighted span's label
    jumps = [a["href"][1:] for t, a in page.elements if t == "a" and "jump" in a.get("class", "").split()]
    assert jumps and all("tag" in ids[j][1]["class"].split() for j in jumps)


def test_overlapping_and_nested_spans_split_into_segments(example):
    report, _ = example
    article = report.articles[0]
    text = article.text
    outer = Span(article=article.id, start=0, end=60, quote=text[0:60])
    inner = Span(article=article.id, start=10, end=30, quote=text[10:30])
    cross = Span(article=article.id, start=50, end=90, quote=text[50:90])
    briefing = briefing_of(report).model_copy(deep=True)
    briefing.contested[0].sides[0].quotes = [outer]
    briefing.contested[1].sides[0].quotes = [inner]
    briefing.agreed[0].quotes = [cross]
    html = briefing_html(report, briefing)
    page = parse(html)
    column = html.split('id="a0"', 1)[1].split("</article>", 1)[0]
    # the article text survives whole once tags are dropped
    inner_page = parse(column)
    label_texts = set()
    for tag, attrs in inner_page.elements:
        if tag == "a" and "tag" in attrs.get("class", ""):
            label_texts.add(attrs["data-finding"])
    visible = "".join(inner_page.text)
    assert text[:90] in _without_labels(visible, label_texts)
    segments = [a["class"].split() for t, a in page.elements if t == "mark"]
    covering = [s for s in segments if len([c for c in s if c.startswith("s") and c[1:].isdigit()]) >= 2]
    assert covering, "a segment inside two quotes lists both"


def _without_labels(visible: str, findings: set[str]) -> str:
    for finding in findings:
        for symbol in "\u2260=+":
            visible = visible.replace(symbol + finding, "")
    return visible


def test_hostile_article_renders_as_text_and_nothing_runs(tmp_path: Path):
    out = write_html([hostile_folder(tmp_path)], tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    tags = [t for t, _ in page.elements]
    assert "script" not in tags
    assert "img" not in tags
    for tag, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "formaction", "srcdoc"):
            assert (
                not attrs.get(name, "#")
                .strip()
                .lower()
                .startswith(("javascript:", "http:", "https:", "data:"))
            )
        if tag == "a":
            assert attrs["href"].startswith("#")
        assert tag not in {"iframe", "object", "embed", "base", "b", "i"}
    visible = "".join(page.text)
    assert "<script>document.title='pwned';window.__pwned=1</script>" in visible
    assert "<img src=x onerror=\"document.title='pwned';window.__pwned=1\">" in visible
    assert '<a href="javascript:alert(1)">x</a>' in visible
    assert "Evil <i>Gazette</i>" in visible


def test_self_contained_no_network_loads(example):
    _, html = example
    page = parse(html)
    for tag, attrs in page.elements:
        for name in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(name, "")
            assert "://" not in value, (tag, name, value)
        assert tag not in {"script", "link", "img", "iframe"}
    assert "@import" not in html and "url(" not in html
    csp = [a for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"] and "script-src" not in csp[0]["content"]


def test_sections_filters_and_provenance_are_present(example):
    report, html = example
    ids = parse(html).by_id()
    for section in ("lead", "agreed", "contested", "only", "names", "coverage", "provenance", "articles"):
        assert section in ids, section
    assert html.count('type="checkbox"') == len({p.kind for p in report.briefing.contested}) + 2 + len(
        {a.outlet for a in report.articles}
    )
    assert "heuristic rules, no model" in html and "It is not a judgement of which side is right." in html


def test_cli_brief_and_render_write_html(tmp_path: Path):
    out = write_html([EXAMPLE_ARTICLES], tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    saved = tmp_path / "report.json"
    assert runner.invoke(app, ["brief", str(EXAMPLE_ARTICLES), "-f", "json", "-o", str(saved)]).exit_code == 0
    rendered = runner.invoke(app, ["render", str(saved), "-f", "html"])
    assert rendered.exit_code == 0, rendered.output
    assert rendered.stdout.strip() == html.strip()
    assert render_report(Report.model_validate_json(saved.read_text()), "html").strip() == html.strip()


def test_timeline_errors_and_origins_render_with_resolving_links(example):
    from datetime import date

    from factdiff.models import ArticleError, SharedOrigin, TimelineEntry

    report, _ = example
    briefing = briefing_of(report).model_copy(deep=True)
    span = briefing.contested[0].sides[0].quotes[0]
    briefing.timeline = [
        TimelineEntry(when=date(2026, 3, 10), what="<b>fire</b> starts", quote=span, findings=["C2"])
    ]
    hostile = report.model_copy(
        update={
            "errors": [ArticleError(article="x", stage="read", message="<script>bad()</script>")],
            "shared_origins": [
                SharedOrigin(articles=[report.articles[0].id], similarity=0.9, explanation="<i>wire</i>")
            ],
        }
    )
    page = parse(briefing_html(hostile, briefing))
    ids = page.by_id()
    assert {"timeline", "errors", "origins"} <= set(ids)
    assert all(a["href"][1:] in ids for t, a in page.elements if t == "a")
    visible = "".join(page.text)
    assert (
        "<b>fire</b> starts" in visible and "<script>bad()</script>" in visible and "<i>wire</i>" in visible
    )
    assert "script" not in [t for t, _ in page.elements]
