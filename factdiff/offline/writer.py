"""Briefing prose from templates: every sentence restates findings and cites them."""

from __future__ import annotations

from factdiff.models import BriefingSentence, Report

_MAX_PER_SECTION = 5
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _outlet(report: Report, article_id: str) -> str:
    for article in report.articles:
        if article.id == article_id:
            return article.outlet or article.id
    return article_id


def _listing(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class OfflineWriter:
    """Picks the most important findings and says them plainly; no paraphrase beyond the source text."""

    def write(self, report: Report) -> list[BriefingSentence]:
        sentences: list[BriefingSentence] = []
        consensus = sorted(report.consensus, key=lambda k: (-k.independent_sources, k.id))
        for item in consensus[:_MAX_PER_SECTION]:
            outlets = _listing([_outlet(report, a) for a in item.articles])
            sentences.append(BriefingSentence(text=f"{outlets} agree: {item.statement}", cites=[item.id]))
        contradictions = sorted(report.contradictions, key=lambda c: (_SEVERITY_ORDER[c.severity], c.id))
        for item in contradictions[:_MAX_PER_SECTION]:
            sides = "; ".join(
                f"{_outlet(report, side[0].article)} has \u201c{side[0].quote}\u201d"
                for side in item.sides
                if side
            )
            sentences.append(
                BriefingSentence(
                    text=f"Sources disagree ({item.kind.replace('_', ' ')}): {sides}.", cites=[item.id]
                )
            )
        for item in report.unique_details[:_MAX_PER_SECTION]:
            sentences.append(
                BriefingSentence(
                    text=f"Only {_outlet(report, item.article)} reports: {item.statement}", cites=[item.id]
                )
            )
        return sentences
