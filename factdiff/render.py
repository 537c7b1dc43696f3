"""The render stage: a Report to Markdown, JSON or a terminal table, with nothing recomputed."""

from __future__ import annotations

import json

from factdiff.models import SCHEMA_VERSION, Contradiction, Report, Span


def report_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def contradictions_json(report: Report) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "contradictions": [c.model_dump(mode="json") for c in report.contradictions],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _source(report: Report, article_id: str) -> str:
    for article in report.articles:
        if article.id == article_id:
            parts = [article.outlet or article.id]
            if article.published:
                parts.append(article.published.isoformat())
            return ", ".join(parts)
    return article_id


def _cite(span: Span) -> str:
    return f"\u201c{span.quote}\u201d \u2014 `{span.article}` [{span.start}:{span.end}]"


def _contradiction_md(item: Contradiction) -> list[str]:
    lines = [
        f"### {item.id} \u00b7 {item.kind.replace('_', ' ')} \u00b7 {item.severity} "
        f"(confidence {item.confidence:.2f})",
        "",
        item.explanation,
        "",
    ]
    for number, side in enumerate(item.sides, start=1):
        lines.extend(f"- side {number}: {_cite(span)}" for span in side)
    lines.append("")
    return lines


def briefing_markdown(report: Report) -> str:
    """The briefing a reporter reads: summary, then every finding with its verbatim source."""
    prov = report.provenance
    lines = ["# factdiff briefing", ""]
    lines.append(f"{len(report.articles)} articles compared:")
    lines.extend(f"- `{a.id}`: {a.title or '(untitled)'} ({_source(report, a.id)})" for a in report.articles)
    lines.append("")
    if prov.heuristic:
        lines += [
            f"> Backend: {prov.backend}. Findings come from heuristic rules, not a model: "
            "read each one against its quoted sources before relying on it.",
            "",
        ]
    else:
        lines += [f"> Backend: {prov.backend}, model {prov.model}.", ""]
    if report.briefing:
        lines += ["## Summary", ""]
        lines.extend(f"- {s.text} [{', '.join(s.cites)}]" for s in report.briefing)
        lines.append("")
    lines += [f"## Contradictions ({len(report.contradictions)})", ""]
    for item in report.contradictions:
        lines.extend(_contradiction_md(item))
    lines += [f"## Reported by several sources ({len(report.consensus)})", ""]
    for item in report.consensus:
        lines.append(
            f"- **{item.id}** {item.statement} \u2014 {', '.join(f'`{a}`' for a in item.articles)} "
            f"({item.independent_sources} independent)"
        )
    lines += ["", f"## Reported by one source only ({len(report.unique_details)})", ""]
    lines.extend(
        f"- **{u.id}** `{u.article}` [{u.start}:{u.end}]: \u201c{u.quote}\u201d"
        for u in report.unique_details
    )
    if report.name_variants:
        lines += ["", "## Name variants (one entity, several spellings)", ""]
        for variant in report.name_variants:
            forms = "; ".join(f"{f.form} ({', '.join(f.articles)})" for f in variant.forms)
            lines.append(f"- **{variant.id}** {variant.canonical}: {forms}")
    if report.shared_origins:
        lines += ["", "## Shared origins (counted once as a source)", ""]
        lines.extend(f"- {', '.join(o.articles)}: {o.explanation}" for o in report.shared_origins)
    if report.errors:
        lines += ["", "## Errors", ""]
        lines.extend(f"- `{e.article}` ({e.stage}): {e.message}" for e in report.errors)
    stats = report.stats
    lines += [
        "",
        "---",
        f"{stats.claims} claims, {stats.facts} facts, {stats.ungrounded_claims_dropped} ungrounded claims dropped; "
        f"factdiff {prov.factdiff_version}, schema {report.schema_version}.",
        "",
    ]
    return "\n".join(lines)


def contradictions_table(report: Report) -> object:
    """A rich Table for people at a terminal."""
    from rich.table import Table

    table = Table(title=f"{len(report.contradictions)} contradictions", show_lines=True)
    for column in ("id", "kind", "severity", "side 1", "side 2", "why"):
        table.add_column(column, overflow="fold")
    for item in report.contradictions:
        first, second = (
            "\n".join(f"{s.article}: \u201c{s.quote}\u201d" for s in side) for side in item.sides[:2]
        )
        table.add_row(item.id, item.kind, item.severity, first, second, item.explanation)
    return table
