"""The brief stage: the findings arranged for a reader, and prose kept only where it cites them.

`build_briefing` turns a report's findings into the sections a reporter reads (agreed, contested, only in
one source, names, coverage, timeline, provenance). It ranks by importance, never by file order, and puts
each passage in one section only: a quote that is a side of a contradiction is not also "agreed" or
"unique". The lead sentences come from the backend's writer; this module checks what they cite.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from factdiff.align import content_stems
from factdiff.backend import Writer
from factdiff.lang.annotate import headline_end
from factdiff.lang.lexicon import KIND_WEIGHTS, WHAT_DIFFERS
from factdiff.models import (
    AgreedFact,
    Briefing,
    BriefingFooter,
    BriefingSentence,
    Claim,
    ConfidenceWord,
    ContestedPoint,
    ContestedSide,
    Contradiction,
    CoverageRow,
    OutletDetails,
    Report,
    SoleDetail,
    Span,
    Spelling,
    TimelineEntry,
    UniqueDetail,
)
from factdiff.origins import origin_of

LEAD_SENTENCES = 5
QUOTES_PER_SIDE = 3
STATES_THE_FACT = 0.5
"""Share of a fact's content words a quote must hold to count as stating it."""
CONFIDENCE_WORDS: tuple[tuple[float, ConfidenceWord], ...] = ((0.75, "high"), (0.5, "medium"), (0.0, "low"))
CONFIDENCE_MEANING = (
    "Confidence says how sure factdiff is that both sides speak of the same thing and really disagree: "
    "high (0.75 or more), medium (0.5 to 0.75), low (below 0.5). It is not a judgement of which side is right."
)
_SEVERITY = {"high": 3.0, "medium": 2.0, "low": 1.0}


def finding_ids(report: Report) -> set[str]:
    """Ids a briefing sentence may cite."""
    groups = (report.contradictions, report.unique_details, report.consensus, report.name_variants)
    return {item.id for group in groups for item in group}


def keep_cited(sentences: list[BriefingSentence], report: Report) -> list[BriefingSentence]:
    """Drop citations to unknown ids, then sentences left citing nothing, then all past the lead's length:
    no sentence without a source."""
    known = finding_ids(report)
    kept = []
    for sentence in sentences:
        cites = [cite for cite in sentence.cites if cite in known]
        if cites:
            kept.append(sentence.model_copy(update={"cites": cites}))
    return kept[:LEAD_SENTENCES]


def write_briefing(report: Report, writer: Writer) -> Briefing:
    """The sections, built once, with the writer's lead kept only where it cites findings that exist."""
    sections = build_briefing(report, [])
    return sections.model_copy(update={"lead": keep_cited(writer.write(report, sections), report)})


def template_lead(report: Report, sections: Briefing) -> list[BriefingSentence]:
    """A lead built from the most important findings, in the articles' own words.

    The most widely reported fact, the two weightiest disagreements, then the two weightiest details only
    one outlet has, each from a different outlet.
    """
    lead = []
    for fact in sections.agreed[:1]:
        count = fact.independent_sources
        sources = f"{count} independent sources" if count > 1 else "sources sharing one origin"
        lead.append(
            BriefingSentence(
                text=f"{listing(fact.outlets)} ({sources}) agree: {fact.statement}", cites=[fact.finding]
            )
        )
    lead += [BriefingSentence(text=point.sentence, cites=[point.finding]) for point in sections.contested[:2]]
    for detail in balanced(sections.only_in_one, LEAD_SENTENCES - len(lead)):
        outlet = outlet_name(report, detail.quote.article)
        lead.append(
            BriefingSentence(
                text=f"Only {outlet} reports: \u201c{detail.quote.quote}\u201d", cites=[detail.finding]
            )
        )
    return lead[:LEAD_SENTENCES]


def nothing_compared(report: Report) -> str | None:
    """Why the run compared nothing, when it did not: a briefing of one source must say so, not look clean."""
    with_claims = {claim.article for claim in report.claims}
    if len(with_claims) >= 2:
        return None
    readable = [a for a in report.articles if a.text]
    if not report.claims and report.stats.ungrounded_claims_dropped:
        return (
            f"no claim could be grounded: all {report.stats.ungrounded_claims_dropped} claims quoted text that is "
            "not in their article (a weak model or a wrong prompt)"
        )
    if len(readable) < 2 and len(report.articles) < 2:
        return "only one article was given"
    return f"only {len(with_claims)} of {len(report.articles)} articles gave claims"


# --- names ------------------------------------------------------------------------------------------


UNNAMED_TITLE_WORDS = 6


def outlet_name(report: Report, article_id: str) -> str:
    """The outlet as a reader knows it. When no outlet is known: the article's headline, shortened, so a
    reader can tell it apart without a file name; the file name only when there is no headline either."""
    for article in report.articles:
        if article.id == article_id:
            if article.outlet:
                return article.outlet
            words = (article.title or "").split()
            if words:
                short = " ".join(words[:UNNAMED_TITLE_WORDS]) + (
                    " \u2026" if len(words) > UNNAMED_TITLE_WORDS else ""
                )
                return f"\u201c{short}\u201d"
            return f"file {article.id}"
    return article_id


def listing(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def confidence_word(confidence: float) -> ConfidenceWord:
    return next(word for floor, word in CONFIDENCE_WORDS if confidence >= floor)


def _named(text: str, report: Report) -> str:
    """The text with article ids replaced by outlet names, for prose written by rules that know only ids."""
    for article in sorted(report.articles, key=lambda a: -len(a.id)):
        name = outlet_name(report, article.id).replace("\\", "\\\\")  # a replacement, not a pattern
        text = re.sub(rf"(?<![\w-]){re.escape(article.id)}(?![\w-])", name, text)
    return text


def _outlets(report: Report, articles: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(outlet_name(report, article) for article in articles))


# --- importance -------------------------------------------------------------------------------------


def contradiction_weight(item: Contradiction) -> float:
    """Severe, confident disagreements of facts (figures, states) that many outlets take sides on first."""
    articles = {span.article for side in item.sides for span in side}
    return (
        _SEVERITY[item.severity]
        * item.confidence
        * KIND_WEIGHTS[item.kind]
        * (1 + 0.25 * (len(articles) - 2))
    )


def detail_weight(
    detail: UniqueDetail,
    report: Report,
    rarity: dict[str, float],
    stems: dict[str, frozenset[str]],
    articles_with: Mapping[str, int],
) -> float:
    """A detail about the story and high in its article, stated rather than quoted.

    Central: its rarer words (by `rarity`, an inverse document frequency over the corpus's sentences) recur
    in other outlets' articles; colour quotes and background share few such words with the rest of the
    coverage. A direct quotation is usually colour, a stated detail (a record, a figure) the thing to check.
    `stems` holds each article's content stems and `articles_with` how many articles have each stem, both
    computed once per briefing: a word is elsewhere when an article other than the detail's has it.
    """
    words = content_stems(detail.quote)
    if not words:
        return 0.0
    own = stems.get(detail.article, frozenset())
    elsewhere = frozenset(word for word in words if articles_with.get(word, 0) - (word in own) > 0)
    total = math.fsum(rarity.get(word, 1.0) for word in words)
    central = math.fsum(rarity.get(word, 1.0) for word in words & elsewhere) / total
    length = next((len(a.text) for a in report.articles if a.id == detail.article), 0) or 1
    early = 1 - min(detail.start / length, 1)
    quoted = any(mark in detail.quote for mark in '"\u201c\u201d')
    return (0.7 * central + 0.3 * early) * (0.6 if quoted else 1.0)


def word_rarity(report: Report) -> dict[str, float]:
    """Inverse document frequency of content stems over the claims' statements: common words weigh little."""
    counts: dict[str, int] = {}
    for claim in report.claims:
        for word in content_stems(claim.statement):
            counts[word] = counts.get(word, 0) + 1
    total = len(report.claims) + 1
    return {word: math.log(total / (1 + count)) + 1 for word, count in counts.items()}


# --- sections ---------------------------------------------------------------------------------------


def _overlaps(span: Span, taken: Iterable[Span]) -> bool:
    return any(span.article == t.article and span.start < t.end and t.start < span.end for t in taken)


def _by_article(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans by article: a span only overlaps spans of its own article, so a check need not scan the rest."""
    found: dict[str, list[Span]] = {}
    for span in spans:
        found.setdefault(span.article, []).append(span)
    return found


def _ranked_quotes(side: list[Span], said: str, headline_ends: dict[str, int]) -> list[Span]:
    """Quotes holding the disputed words first, body text before headlines, one per outlet before a second."""
    seen: dict[str, int] = {}
    ranked = []
    for span in side:
        headline = span.end <= headline_ends.get(span.article, 0)
        repeat = seen.get(span.article, 0)
        seen[span.article] = repeat + 1
        ranked.append(((repeat, said.lower() not in span.quote.lower(), headline, len(span.quote)), span))
    return [span for _, span in sorted(ranked, key=lambda pair: pair[0])]


def _side_says(item: Contradiction, index: int, claims: dict[str, Claim]) -> str:
    if index < len(item.said) and item.said[index]:
        return item.said[index]
    side_claims = [claims[c] for c in item.claims if c in claims]
    side_articles = {span.article for span in item.sides[index]}
    mine = [c for c in side_claims if c.article in side_articles]
    if item.kind == "attribution":
        speakers = [c.speaker for c in mine if c.speaker]
        if speakers:
            return f"credited to {speakers[0]}"
    if item.kind == "quote_wording":
        quotes = [c.quote for c in mine if c.quote]
        if quotes:
            return f"\u201c{quotes[0]}\u201d"
    if item.kind in ("assertion_vs_allegation", "status") and mine:
        modality = mine[0].modality
        if mine[0].polarity == "denied":
            return "denies it"
        return {"confirmed": "states it as fact", "alleged": "reports it as an allegation"}.get(
            modality, "reports it as unverified"
        )
    return "tells it differently"


def contested_sentence(kind: str, sides: Sequence[ContestedSide]) -> str:
    """One plain sentence: what differs, then what each side says and who says it."""
    parts = "; ".join(f"{listing(side.outlets)}: {side.says}" for side in sides)
    return f"The outlets {WHAT_DIFFERS.get(kind, WHAT_DIFFERS['other'])} \u2014 {parts}."


def _contested(report: Report) -> list[ContestedPoint]:
    claims = {claim.id: claim for claim in report.claims}
    headline_ends = {article.id: headline_end(article) for article in report.articles}
    points = []
    for item in sorted(report.contradictions, key=lambda c: (-contradiction_weight(c), c.id)):
        sides = []
        for index, side in enumerate(item.sides):
            says = _side_says(item, index, claims)
            ranked = _ranked_quotes(side, says.strip("\u201c\u201d"), headline_ends)
            sides.append(
                ContestedSide(
                    outlets=_outlets(report, (span.article for span in side)),
                    says=says,
                    quotes=ranked[:QUOTES_PER_SIDE],
                    folded=ranked[QUOTES_PER_SIDE:],
                )
            )
        if len({side.says for side in sides}) == 1:
            # the same words on both sides would read "X against X": quote each side instead
            for told in sides:
                told.says = f"\u201c{told.quotes[0].quote}\u201d"
        points.append(
            ContestedPoint(
                finding=item.id,
                kind=item.kind,
                sentence=contested_sentence(item.kind, sides),
                why=_named(item.explanation, report),
                confidence=confidence_word(item.confidence),
                sides=sides,
            )
        )
    return points


def states_fact(quote: str, statement: str) -> bool:
    """The quote and the fact share most of the content words of the shorter of the two: the quote states
    the fact ("No one was killed" / "Nobody died in the fire"), not only its topic."""
    wanted, held = content_stems(statement), content_stems(quote)
    shorter = min(len(wanted), len(held))
    return shorter > 0 and len(wanted & held) / shorter >= STATES_THE_FACT


def _agreed(report: Report, taken: list[Span]) -> list[AgreedFact]:
    origin = origin_of(report.articles, report.shared_origins)  # copies of one piece count once
    facts = []
    near = _by_article(taken)
    for item in report.consensus:
        quotes = [
            span
            for span in item.evidence
            if states_fact(span.quote, item.statement) and not _overlaps(span, near.get(span.article, []))
        ]
        articles = list(dict.fromkeys(span.article for span in quotes))
        if len(articles) < 2:
            continue
        facts.append(
            AgreedFact(
                finding=item.id,
                statement=item.statement,
                outlets=_outlets(report, articles),
                independent_sources=len({origin[article] for article in articles}),
                quotes=quotes,
            )
        )
    return sorted(facts, key=lambda f: (-f.independent_sources, -len(f.quotes), f.finding))


def _only_in_one(report: Report, taken: list[Span]) -> list[OutletDetails]:
    by_outlet: dict[str, list[tuple[float, UniqueDetail]]] = {}
    rarity = word_rarity(report)
    stems = {article.id: content_stems(article.text) for article in report.articles}
    articles_with = Counter(word for found in stems.values() for word in found)
    near = _by_article(taken)
    for detail in report.unique_details:
        span = Span(article=detail.article, start=detail.start, end=detail.end, quote=detail.quote)
        if _overlaps(span, near.get(span.article, [])):
            continue
        by_outlet.setdefault(outlet_name(report, detail.article), []).append(
            (detail_weight(detail, report, rarity, stems, articles_with), detail)
        )
    groups = []
    for outlet, scored in by_outlet.items():
        ranked = sorted(scored, key=lambda pair: (-pair[0], pair[1].start))
        groups.append(
            OutletDetails(
                outlet=outlet,
                articles=list(dict.fromkeys(d.article for _, d in ranked)),
                details=[
                    SoleDetail(
                        finding=d.id,
                        quote=Span(article=d.article, start=d.start, end=d.end, quote=d.quote),
                        importance=round(weight, 3),
                    )
                    for weight, d in ranked
                ],
            )
        )
    return sorted(groups, key=lambda g: (-g.details[0].importance, g.outlet.lower()))


def balanced(groups: Sequence[OutletDetails], count: int) -> list[SoleDetail]:
    """The `count` most important details, taken in rounds (each outlet's best, then each one's second ...)
    so no outlet fills the list; within a round the more important first."""
    picked: list[SoleDetail] = []
    depth = 0
    while len(picked) < count and any(depth < len(g.details) for g in groups):
        round_ = [g.details[depth] for g in groups if depth < len(g.details)]
        picked.extend(sorted(round_, key=lambda d: -d.importance))
        depth += 1
    return picked[:count]


def _timeline(report: Report, shown: Sequence[tuple[str, Span]]) -> list[TimelineEntry]:
    """Dated events of claims the briefing shows, oldest first, one entry per day and wording."""
    entries: dict[tuple[date, str], TimelineEntry] = {}
    shown_in: dict[
        str, list[tuple[str, Span]]
    ] = {}  # by article: a claim's span only meets its own article's
    for finding, span in shown:
        shown_in.setdefault(span.article, []).append((finding, span))
    for claim in report.claims:
        span = claim.evidence[0]
        near = shown_in.get(span.article, [])
        findings = list(dict.fromkeys(finding for finding, s in near if _overlaps(span, [s])))
        for time in claim.times if findings else ():
            when = _date(time.value)
            if when is not None:
                entry = TimelineEntry(when=when, what=claim.statement, quote=span, findings=findings)
                entries.setdefault((when, claim.statement), entry)
    return [entries[key] for key in sorted(entries)]


def _date(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def footer(report: Report) -> BriefingFooter:
    """What produced the briefing and at what cost; taken last, when the run's usage is final."""
    prov = report.provenance
    return BriefingFooter(
        backend=prov.backend,
        model=prov.model,
        heuristic=prov.heuristic,
        prompt_versions=prov.prompt_versions,
        input_tokens=prov.usage.input_tokens,
        output_tokens=prov.usage.output_tokens,
        cost_usd=prov.usage.cost_usd,
        ungrounded_claims_dropped=report.stats.ungrounded_claims_dropped,
        confidence_meaning=CONFIDENCE_MEANING,
    )


def build_briefing(report: Report, lead: list[BriefingSentence] | None = None) -> Briefing:
    """The sections from the report's findings; `lead` defaults to the report's own."""
    contested = _contested(report)
    taken = [span for point in contested for side in point.sides for span in side.quotes + side.folded]
    agreed = _agreed(report, taken)
    taken += [span for fact in agreed for span in fact.quotes]
    only = _only_in_one(report, taken)
    shown = [(p.finding, s) for p in contested for side in p.sides for s in side.quotes + side.folded]
    shown += [(f.finding, s) for f in agreed for s in f.quotes]
    shown += [(d.finding, d.quote) for g in only for d in g.details]
    coverage = [
        CoverageRow(
            finding=f.finding,
            statement=f.statement,
            articles=list(dict.fromkeys(s.article for s in f.quotes)),
        )
        for f in agreed
    ]
    coverage += [
        CoverageRow(
            finding=p.finding,
            statement=" / ".join(side.says for side in p.sides),
            articles=list(dict.fromkeys(s.article for side in p.sides for s in side.quotes + side.folded)),
        )
        for p in contested
    ]
    names = [
        Spelling(
            finding=variant.id,
            name=variant.canonical,
            forms=[f"{form.form} ({listing(_outlets(report, form.articles))})" for form in variant.forms],
        )
        for variant in report.name_variants
    ]
    return Briefing(
        lead=report.briefing.lead if lead is None else lead,
        agreed=agreed,
        contested=contested,
        only_in_one=only,
        names=names,
        coverage=coverage,
        timeline=_timeline(report, shown),
        footer=footer(report),
    )
