"""The HTML report: the briefing and the articles side by side, each finding's quotes highlighted in place.

One self-contained file (inline CSS, no script, no network) so it can be mailed or opened offline. Article
text is data from the web: the template is rendered with autoescape and never marks data safe, every id,
class and `#` anchor is generated here (never taken from an article), and a Content-Security-Policy allows
no script at all. Filters are checkboxes read by CSS `:has()`, so they work with JavaScript off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape

from factdiff.brief import listing, outlet_name
from factdiff.models import Briefing, Report, Span
from factdiff.render import COVERAGE_WORDS

DETAILS_SHOWN = 5
"""Details per outlet shown before the rest fold into a <details>."""

ROLE_LABEL = {
    "contradiction": "contested",
    "consensus": "agreed",
    "unique": "only in one source",
}


@dataclass
class Finding:
    """A briefing finding as the page shows it: a generated anchor, a role (colour) and a filter key."""

    id: str
    anchor: str
    role: str
    key: str


@dataclass
class Mark:
    """One finding's quote located in one article."""

    anchor: str
    finding: Finding
    article: int
    start: int
    end: int


@dataclass
class Piece:
    """A run of article text: plain, a highlighted segment, or the label that starts a quote."""

    text: str
    tag: Mark | None = None
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        """Role, filter and quote classes of a highlighted segment; CSS colours it by the first enabled."""
        roles = dict.fromkeys(f"r-{m.finding.role}" for m in self.marks)
        keys = dict.fromkeys(f"fk{m.finding.key}" for m in self.marks)
        return " ".join([*roles, *keys, *(m.anchor for m in self.marks)])

    @property
    def title(self) -> str:
        return ", ".join(dict.fromkeys(f"{m.finding.id} ({ROLE_LABEL[m.finding.role]})" for m in self.marks))


class _Page:
    """Generated ids for findings, quotes, outlets and filter keys, and the quotes laid into the texts."""

    def __init__(self, report: Report, briefing: Briefing) -> None:
        self.report = report
        self.briefing = briefing
        self.article_index = {a.id: i for i, a in enumerate(report.articles)}
        outlets = list(dict.fromkeys(outlet_name(report, a.id) for a in report.articles))
        self.outlets = [{"name": name, "anchor": f"o{i}"} for i, name in enumerate(outlets)]
        self.outlet_of = [outlets.index(outlet_name(report, a.id)) for a in report.articles]
        self.keys: list[dict[str, str]] = []
        self.findings: dict[str, Finding] = {}
        self.marks: list[Mark] = []
        self._by_quote: dict[tuple[str, str, int, int], Mark] = {}
        kinds = list(dict.fromkeys(p.kind for p in briefing.contested))
        for kind in kinds:
            self._key(kind.replace("_", " "), "contradiction")
        for point in briefing.contested:
            finding = self._finding(point.finding, "contradiction", point.kind.replace("_", " "))
            for side in point.sides:
                for span in side.quotes + side.folded:
                    self._mark(finding, span)
        for fact in briefing.agreed:
            finding = self._finding(fact.finding, "consensus", "agreed")
            for span in fact.quotes:
                self._mark(finding, span)
        for group in briefing.only_in_one:
            for detail in group.details:
                self._mark(self._finding(detail.finding, "unique", "only in one source"), detail.quote)
        for name in briefing.names:
            self._finding(name.finding, "name", "")

    def _key(self, label: str, role: str) -> str:
        for i, key in enumerate(self.keys):
            if key["label"] == label:
                return str(i)
        self.keys.append({"label": label, "role": role, "anchor": f"k{len(self.keys)}"})
        return str(len(self.keys) - 1)

    def _finding(self, finding_id: str, role: str, key_label: str) -> Finding:
        if finding_id not in self.findings:
            key = self._key(key_label, role) if key_label else ""
            self.findings[finding_id] = Finding(finding_id, f"f{len(self.findings)}", role, key)
        return self.findings[finding_id]

    def _mark(self, finding: Finding, span: Span) -> None:
        """Register a quote; one whose offsets do not hold its text (a hand-edited report) is not placed."""
        index = self.article_index.get(span.article)
        if index is None:
            return
        text = self.report.articles[index].text
        if not 0 <= span.start <= span.end <= len(text) or text[span.start : span.end] != span.quote:
            return
        key = (finding.id, span.article, span.start, span.end)
        if key not in self._by_quote:
            mark = Mark(f"s{len(self.marks)}", finding, index, span.start, span.end)
            self.marks.append(mark)
            self._by_quote[key] = mark

    def quote_anchor(self, finding_id: str, span: Span) -> str | None:
        mark = self._by_quote.get((finding_id, span.article, span.start, span.end))
        return mark.anchor if mark else None

    def pieces(self, index: int) -> list[Piece]:
        """The article's text cut at every quote boundary, so overlapping and nested quotes each cover
        whole segments; each segment lists every quote covering it, and each quote starts with its label."""
        text = self.report.articles[index].text
        marks = sorted((m for m in self.marks if m.article == index), key=lambda m: (m.start, -m.end))
        bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
        pieces: list[Piece] = []
        for left, right in zip(bounds, [*bounds[1:], None], strict=True):
            pieces.extend(Piece("", tag=m) for m in marks if m.start == left)
            if right is None:
                break
            covering = [m for m in marks if m.start <= left and m.end >= right]
            pieces.append(Piece(text[left:right], marks=covering))
        return pieces


def _outlets_of(report: Report, spans: Iterable[Span]) -> str:
    return listing(list(dict.fromkeys(outlet_name(report, s.article) for s in spans)))


_ENV: Environment | None = None


def environment() -> Environment:
    """The package's templates, autoescaped (shared by the report and the stories index)."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("factdiff", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def briefing_html(report: Report, briefing: Briefing) -> str:
    """One self-contained HTML page a reporter can open offline: the briefing, then the articles with every
    quoted passage highlighted and linked both ways."""
    page = _Page(report, briefing)
    articles = [
        {
            "index": i,
            "article": article,
            "outlet": outlet_name(report, article.id),
            "outlet_anchor": f"o{page.outlet_of[i]}",
            "pieces": page.pieces(i),
        }
        for i, article in enumerate(report.articles)
    ]

    def outlet_class(article_id: str) -> str:
        index = page.article_index.get(article_id)
        return f"fo{page.outlet_of[index]}" if index is not None else ""

    def article_anchor(article_id: str) -> str | None:
        index = page.article_index.get(article_id)
        return f"a{index}" if index is not None else None

    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            briefing=briefing,
            page=page,
            articles=articles,
            findings=page.findings,
            outlets=page.outlets,
            keys=page.keys,
            marks=page.marks,
            details_shown=DETAILS_SHOWN,
            coverage_words=COVERAGE_WORDS,
            outlet_name=lambda article_id: outlet_name(report, article_id),
            outlet_class=outlet_class,
            article_anchor=article_anchor,
            outlets_of=lambda spans: _outlets_of(report, spans),
            outlet_list=lambda ids: listing([outlet_name(report, a) for a in ids]),
            listing=listing,
            role_label=ROLE_LABEL,
        )
    )


def finding_quotes(briefing: Briefing) -> dict[str, list[Span]]:
    """Every quote each briefing finding shows, by finding id: what the page must highlight."""
    quotes: dict[str, list[Span]] = {}
    for point in briefing.contested:
        quotes.setdefault(point.finding, []).extend(
            s for side in point.sides for s in side.quotes + side.folded
        )
    for fact in briefing.agreed:
        quotes.setdefault(fact.finding, []).extend(fact.quotes)
    for group in briefing.only_in_one:
        for detail in group.details:
            quotes.setdefault(detail.finding, []).append(detail.quote)
    return quotes


__all__ = ["briefing_html", "finding_quotes"]
