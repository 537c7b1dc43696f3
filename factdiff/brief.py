"""The brief stage: prose from findings, kept only where it cites findings that exist."""

from __future__ import annotations

from factdiff.backend import Writer
from factdiff.models import BriefingSentence, Report


def finding_ids(report: Report) -> set[str]:
    """Ids a briefing sentence may cite."""
    groups = (report.contradictions, report.unique_details, report.consensus, report.name_variants)
    return {item.id for group in groups for item in group}


def keep_cited(sentences: list[BriefingSentence], report: Report) -> list[BriefingSentence]:
    """Drop citations to unknown ids, then sentences left citing nothing: no claim without a source."""
    known = finding_ids(report)
    kept = []
    for sentence in sentences:
        cites = [cite for cite in sentence.cites if cite in known]
        if cites:
            kept.append(sentence.model_copy(update={"cites": cites}))
    return kept


def write_briefing(report: Report, writer: Writer) -> list[BriefingSentence]:
    return keep_cited(writer.write(report), report)
