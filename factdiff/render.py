"""The render stage: a Report's briefing to Markdown, JSON, HTML or a terminal table, with nothing recomputed.

Article text is data from the web: every piece of it is HTML-escaped in Markdown (so a CommonMark renderer
shows `<script>` as text) and autoescaped in the HTML report.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from factdiff.brief import build_briefing, listing, nothing_compared, outlet_name
from factdiff.models import SCHEMA_VERSION, Briefing, Report, Span, StoriesReport

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


def _reports(result: Report | StoriesReport) -> list[Report]:
    return result.stories if isinstance(result, StoriesReport) else [result]


def _story_prefix(report: Report) -> str:
    return f"{report.story.id}/" if report.story else ""


def contradictions_json(result: Report | StoriesReport) -> str:
    """The contradictions alone; with several stories each carries its story id."""
    items = []
    for report in _reports(result):
        for item in report.contradictions:
            payload = item.model_dump(mode="json")
            if report.story:
                payload["story"] = report.story.id
            items.append(payload)
    return json.dumps(
        {"schema_version": SCHEMA_VERSION, "contradictions": items}, indent=2, ensure_ascii=False
    )


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
    spent = (
        "no model calls"
        if footer.heuristic
        else f"prompts {prompts}; {footer.input_tokens} input and {footer.output_tokens} output tokens, "
        f"cost ${footer.cost_usd:.4f}"
    )
    lines = [
        "---",
        "",
        f"Provenance: {who}; {spent}; {report.stats.claims} claims read, {footer.ungrounded_claims_dropped} "
        f"rejected because their quotes are not in the article; factdiff {report.provenance.factdiff_version}, "
        f"schema {report.schema_version}.",
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


def contradictions_table(result: Report | StoriesReport) -> object:
    """A rich Table for people at a terminal: the plain sentence and the quotes of each side."""
    from rich.table import Table

    points = [(report, point) for report in _reports(result) for point in briefing_of(report).contested]
    table = Table(title=f"{len(points)} contradictions", show_lines=True)
    for column in ("id", "kind", "confidence", "what differs", "side 1", "side 2"):
        table.add_column(column, overflow="fold")
    for report, point in points:
        first, second = (_side_text(side.quotes, report) for side in point.sides[:2])
        table.add_row(
            _story_prefix(report) + point.finding,
            point.kind.replace("_", " "),
            point.confidence,
            point.sentence,
            first,
            second,
        )
    return table


def contradictions_text(result: Report | StoriesReport) -> str:
    """The same as the table, as plain lines for a pipe or a file."""
    lines = []
    for report in _reports(result):
        for point in briefing_of(report).contested:
            finding = _story_prefix(report) + point.finding
            lines.append(f"{finding}\t{point.kind}\t{point.confidence}\t{point.sentence}")
            for number, side in enumerate(point.sides, start=1):
                lines.extend(
                    f"  side {number}: {outlet_name(report, s.article)} [{s.start}:{s.end}] \u201c{s.quote}\u201d"
                    for s in side.quotes
                )
    return "\n".join(lines) if lines else "no contradictions found"


def render_report(report: Report | StoriesReport, format: str) -> str:
    """The briefing in one of the formats `brief`, `diff` and `render` write; several stories give an index
    followed by each story's briefing (Markdown) or the whole run (JSON), or the index page (HTML)."""
    if isinstance(report, StoriesReport):
        if format == "json":
            return report.model_dump_json(indent=2)
        if format == "html":
            return stories_html(report, linked=False)
        return "\n".join([stories_markdown(report), *(briefing_markdown(story) for story in report.stories)])
    if format == "json":
        return report_json(report)
    if format == "html":
        from factdiff.html_report import briefing_html

        return briefing_html(report, briefing_of(report))
    return briefing_markdown(report)


def _story_rows(result: StoriesReport, extension: str) -> list[dict[str, object]]:
    rows = []
    for report in result.stories:
        briefing = briefing_of(report)
        story = report.story
        rows.append(
            {
                "id": story.id if story else "",
                "file": f"{story.id if story else 'story'}.{extension}",
                "title": story.title if story else "",
                "outlets": listing(list(dict.fromkeys(outlet_name(report, a.id) for a in report.articles))),
                "contested": len(briefing.contested),
                "agreed": len(briefing.agreed),
                "only": sum(len(group.details) for group in briefing.only_in_one),
            }
        )
    return rows


def stories_markdown(result: StoriesReport, *, linked: bool = False) -> str:
    """The index of a run over several stories: one row per story, most contested first as found."""
    articles = sum(len(report.articles) for report in result.stories)
    lines = [f"# factdiff: {len(result.stories)} stories from {articles} articles", ""]
    if result.provenance.heuristic:
        lines += ["> Findings come from heuristic rules, not a model.", ""]
    lines += [
        "| story | headline | outlets | contested | agreed | only in one |",
        "|---|---|---|---|---|---|",
    ]
    for row in _story_rows(result, "md"):
        story = f"[{row['id']}]({row['file']})" if linked else str(row["id"])
        lines.append(
            f"| {story} | {_md(str(row['title'])).replace('|', '/')} | {_md(str(row['outlets'])).replace('|', '/')} "
            f"| {row['contested']} | {row['agreed']} | {row['only']} |"
        )
    if result.errors:
        lines += ["", "## Set aside", ""]
        lines.extend(f"- `{e.article}` ({e.stage}): {_md(e.message)}" for e in result.errors)
    return "\n".join([*lines, ""])


def stories_html(result: StoriesReport, *, linked: bool) -> str:
    """The index page of a run over several stories (autoescaped, self-contained)."""
    from factdiff.html_report import environment

    return (
        environment()
        .get_template("stories.html.j2")
        .render(
            rows=_story_rows(result, "html"),
            articles=sum(len(report.articles) for report in result.stories),
            heuristic=result.provenance.heuristic,
            set_aside=result.errors,
            linked=linked,
        )
    )


def story_files(result: StoriesReport, format: str) -> dict[str, str]:
    """File name -> content for `--out-dir`: an index and one briefing per story, in one format."""
    extension = {"md": "md", "json": "json", "html": "html"}[format]
    files = {}
    for report in result.stories:
        name = f"{report.story.id if report.story else 'story'}.{extension}"
        files[name] = render_report(report, format)
    if format == "json":
        files["index.json"] = result.model_dump_json(indent=2)
    elif format == "html":
        files["index.html"] = stories_html(result, linked=True)
    else:
        files["index.md"] = stories_markdown(result, linked=True)
    return files
