"""The render stage: a Report's briefing to Markdown, JSON, HTML or a terminal table, with nothing recomputed.

Article text is data from the web: every piece of it is HTML-escaped in Markdown (so a CommonMark renderer
shows `<script>` as text) and autoescaped in the HTML report.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from factdiff.brief import build_briefing, listing, nothing_compared, outlet_name
from factdiff.models import SCHEMA_VERSION, Briefing, Report, Span

DETAILS_PER_OUTLET = 5
"""Details shown per outlet in Markdown; the JSON and HTML reports carry all of them."""
COVERAGE_WORDS = 12


def briefing_of(report: Report) -> Briefing:
    """The report's briefing; a report saved by factdiff 1.0/1.1 kept only its lead, so the sections are
    rebuilt from its findings."""
    if report.briefing.footer is None:
        return build_briefing(report, report.briefing.lead)
    return report.briefing


def report_json(report: Report) -> str:
    return report.model_copy(update={"briefing": briefing_of(report)}).model_dump_json(indent=2)


def contradictions_json(report: Report) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "contradictions": [c.model_dump(mode="json") for c in report.contradictions],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _md(text: str) -> str:
    """Article text made inert in Markdown: HTML escaped, and no line break that would start a block."""
    return html.escape(" ".join(text.split()), quote=False)


def _quote(span: Span, report: Report) -> str:
    where = f"[{span.start}:{span.end}]" if _checked(span, report) else "(unverified: article not given)"
    return f"\u201c{_md(span.quote)}\u201d \u2014 {_md(outlet_name(report, span.article))} {where}"


def _checked(span: Span, report: Report) -> bool:
    """The span's article was read, so grounding checked the quote against it."""
    return any(article.id == span.article and article.text for article in report.articles)


def _article_line(report: Report, index: int) -> str:
    article = report.articles[index]
    outlet = article.outlet or "outlet not named"
    when = f", {article.published.isoformat()}" if article.published else ""
    return f"- `{article.id}`: {_md(article.title or '(untitled)')} ({_md(outlet)}{when})"


def _coverage_md(briefing: Briefing, report: Report) -> list[str]:
    if not briefing.coverage:
        return []
    names = [outlet_name(report, a.id) for a in report.articles]
    lines = ["## Coverage: which outlet reports what", ""]
    lines.append("| finding | fact | " + " | ".join(_md(n) for n in names) + " |")
    lines.append("|---|---|" + "---|" * len(names))
    for row in briefing.coverage:
        words = row.statement.split()
        fact = " ".join(words[:COVERAGE_WORDS]) + (" \u2026" if len(words) > COVERAGE_WORDS else "")
        marks = ["\u2713" if a.id in row.articles else "" for a in report.articles]
        lines.append(f"| {row.finding} | {_md(fact).replace('|', '/')} | " + " | ".join(marks) + " |")
    return [*lines, ""]


def _footer_md(briefing: Briefing, report: Report) -> list[str]:
    footer = briefing.footer
    if footer is None:
        return []
    if footer.heuristic:
        who = f"backend {footer.backend} (heuristic rules, no model)"
    else:
        who = f"backend {footer.backend}, model {footer.model}"
    prompts = ", ".join(f"{name} v{version}" for name, version in sorted(footer.prompt_versions.items()))
    lines = [
        "---",
        "",
        f"Provenance: {who}"
        + (f"; prompts {prompts}" if prompts and not footer.heuristic else "")
        + f"; {footer.input_tokens} input and {footer.output_tokens} output tokens, cost ${footer.cost_usd:.4f}; "
        f"{report.stats.claims} claims read, {footer.ungrounded_claims_dropped} rejected because their quotes "
        f"are not in the article; factdiff {report.provenance.factdiff_version}, schema {report.schema_version}.",
        "",
        footer.confidence_meaning,
        "",
    ]
    return lines


def briefing_markdown(report: Report) -> str:
    """The briefing a reporter reads: lead, agreed, contested, only-in-one, names, coverage, timeline."""
    briefing = briefing_of(report)
    outlets = {outlet_name(report, a.id) for a in report.articles}
    lines = ["# factdiff briefing", ""]
    lines.append(f"{len(report.articles)} articles from {len(outlets)} outlets compared:")
    lines.extend(_article_line(report, i) for i in range(len(report.articles)))
    lines.append("")
    if report.provenance.heuristic:
        lines += [
            "> Findings come from heuristic rules, not a model: read each one against its quoted sources "
            "before relying on it.",
            "",
        ]
    reason = nothing_compared(report)
    if reason:
        lines += [f"> Nothing was compared: {_md(reason)}.", ""]
    if report.stats.unverified_claims:
        lines += [
            f"> {report.stats.unverified_claims} claims come from articles that were not given: their quotes "
            "are marked unverified, because factdiff could not check them against the text.",
            "",
        ]
    if briefing.lead:
        lines += ["## In brief", ""]
        lines.extend(f"- {_md(s.text)} [{', '.join(s.cites)}]" for s in briefing.lead)
        lines.append("")
    lines += [f"## What the sources agree on ({len(briefing.agreed)})", ""]
    for fact in briefing.agreed:
        lines.append(
            f"- **{fact.finding}** {_md(fact.statement)} \u2014 {fact.independent_sources} independent "
            f"source{'s' if fact.independent_sources != 1 else ''}: {_md(listing(fact.outlets))}"
        )
        lines.extend(f"  - {_quote(span, report)}" for span in fact.quotes)
    lines += ["", f"## Contested ({len(briefing.contested)})", ""]
    for point in briefing.contested:
        lines += [
            f"### {point.finding} \u00b7 {point.kind.replace('_', ' ')} \u00b7 {point.confidence} confidence",
            "",
        ]
        lines += [_md(point.sentence), ""]
        for side in point.sides:
            lines.append(f"- **{_md(listing(side.outlets))}**: {_md(side.says)}")
            lines.extend(f"  - {_quote(span, report)}" for span in side.quotes)
            if side.folded:
                lines.append(f"  - \u2026 and {len(side.folded)} more quotes in the JSON and HTML reports")
        if point.why:
            lines += ["", f"Why factdiff flagged it: {_md(point.why)}"]
        lines.append("")
    total = sum(len(group.details) for group in briefing.only_in_one)
    lines += [f"## Only in one source ({total})", ""]
    for group in briefing.only_in_one:
        lines += [f"### {_md(group.outlet)} ({len(group.details)})", ""]
        shown = group.details[:DETAILS_PER_OUTLET]
        lines.extend(
            f"- **{d.finding}** \u201c{_md(d.quote.quote)}\u201d [{d.quote.start}:{d.quote.end}]"
            for d in shown
        )
        if len(group.details) > len(shown):
            lines.append(f"- \u2026 and {len(group.details) - len(shown)} more in the JSON and HTML reports")
        lines.append("")
    if briefing.names:
        lines += ["## Names and spellings (one entity, several spellings; not disagreements)", ""]
        lines.extend(f"- **{n.finding}** {_md(n.name)}: {_md('; '.join(n.forms))}" for n in briefing.names)
        lines.append("")
    lines += _coverage_md(briefing, report)
    if briefing.timeline:
        lines += ["## Timeline", ""]
        lines.extend(
            f"- {entry.when.isoformat()}: {_quote(entry.quote, report)} [{', '.join(entry.findings)}]"
            for entry in briefing.timeline
        )
        lines.append("")
    if report.shared_origins:
        lines += ["## Shared origins (counted once as a source)", ""]
        lines.extend(
            f"- {_md(listing([outlet_name(report, a) for a in o.articles]))}: {_md(o.explanation)}"
            for o in report.shared_origins
        )
        lines.append("")
    if report.errors:
        lines += ["## Set aside or failed", ""]
        lines.extend(f"- `{e.article}` ({e.stage}): {_md(e.message)}" for e in report.errors)
        lines.append("")
    lines += _footer_md(briefing, report)
    return "\n".join(lines)


def _side_text(spans: Sequence[Span], report: Report) -> str:
    return "\n".join(f"{outlet_name(report, s.article)}: \u201c{s.quote}\u201d" for s in spans)


def contradictions_table(report: Report) -> object:
    """A rich Table for people at a terminal: the plain sentence and the quotes of each side."""
    from rich.table import Table

    briefing = briefing_of(report)
    table = Table(title=f"{len(briefing.contested)} contradictions", show_lines=True)
    for column in ("id", "kind", "confidence", "what differs", "side 1", "side 2"):
        table.add_column(column, overflow="fold")
    for point in briefing.contested:
        first, second = (_side_text(side.quotes, report) for side in point.sides[:2])
        table.add_row(
            point.finding, point.kind.replace("_", " "), point.confidence, point.sentence, first, second
        )
    return table


def contradictions_text(report: Report) -> str:
    """The same as the table, as plain lines for a pipe or a file."""
    briefing = briefing_of(report)
    lines = []
    for point in briefing.contested:
        lines.append(f"{point.finding}\t{point.kind}\t{point.confidence}\t{point.sentence}")
        for number, side in enumerate(point.sides, start=1):
            lines.extend(
                f"  side {number}: {outlet_name(report, s.article)} [{s.start}:{s.end}] \u201c{s.quote}\u201d"
                for s in side.quotes
            )
    return "\n".join(lines) if lines else "no contradictions found"


def render_report(report: Report, format: str) -> str:
    """The briefing in one of the formats `brief`, `diff` and `render` write."""
    if format == "json":
        return report_json(report)
    if format == "html":
        from factdiff.html_report import briefing_html

        return briefing_html(report, briefing_of(report))
    return briefing_markdown(report)
