"""The offline writer: a lead from templates over the most important findings, in the articles' words."""

from __future__ import annotations

from factdiff.models import Briefing, BriefingSentence, Report


class OfflineWriter:
    """No paraphrase beyond the source text: every sentence quotes or restates one finding and cites it."""

    def write(self, report: Report, sections: Briefing) -> list[BriefingSentence]:
        from factdiff.brief import template_lead

        return template_lead(report, sections)
