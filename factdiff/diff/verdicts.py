"""A story called false or denied in one article, against another article that reports it as fact.

Outlets that dispute a story rarely restate it: "the agent denied the report",
"the facts decisively pointed to a hoax". Such a sentence shares a name and a
word or two with the claim it disputes, far below the similarity at which
claims are compared as a pair, so this check runs over the whole corpus. Each
disputing claim (a verdict of falsehood or a denial, read by
`factdiff.lang.annotate`) is set against the one claim of each other outlet
that affirms the most of its topic: a shared name and two more shared words,
or `SHARED_WORDS` shared words. A verdict on a story as a whole ("the video
appears to be fake", "it's a hoax") takes its article's topic instead and is
set against another outlet's headline or lead only. An outlet that itself
disputes the story does not state it (a verdict in a headline frames the story
of its whole article); disputes of one story make one finding.
Claims of one origin (wire copy) are not set against each other, and questions
affirm nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factdiff.align import Alignment, stem
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import Annotation, cue_words, names_a_report
from factdiff.lang.lexicon import REPORT_NOUNS
from factdiff.models import Claim
from factdiff.normalize import distinct

SHARED_WORDS = 3
"""Without a shared name, a disputing claim must share this many content words with what it disputes."""


def _states(claim: Claim, annotation: Annotation) -> bool:
    """The claim affirms the thing itself, not a report of it ("a story is circulating that ...", "the
    rumour was fuelled by ..."). Passing on a claim counts: "X claims Y" against "Y is a hoax" is contested."""
    return annotation.cues.stance == "affirms" and not names_a_report(claim.statement)


def _one_topic(first: _Topic, second: _Topic) -> set[str]:
    """The words two claims share when they are about one thing (a name and two more words, or
    `SHARED_WORDS` words, written in lower case in one of them: the words of a long name count as the name),
    else nothing."""
    shared = first.words & second.words
    names = {token for token in shared if ":" in token}
    common = shared & (first.lower | second.lower)
    return shared if len(common) >= (SHARED_WORDS - 1 if names else SHARED_WORDS) else set()


@dataclass(frozen=True)
class _Topic:
    words: set[str]
    lower: set[str]
    """The stems of the words written in lower case."""


def _topic(alignment: Alignment, claim: Claim, cues: frozenset[str]) -> _Topic:
    words = {token for token in alignment.views[claim.id].tokens if token not in cues}
    written = re.findall(r"\b[^\W\d_][\w'’-]*", claim.statement)
    lower = [word for word in written if word[0].islower()]
    if len(lower) < len(written) / 3:  # a headline in title case: capitals say nothing of names
        lower = written
    return _Topic(words, words & {stem(word) for word in lower})


def _verdict_conflicts(
    claims: Sequence[Claim],
    alignment: Alignment,
    annotations: Mapping[str, Annotation],
    origin: Mapping[str, str],
) -> list[_Finding]:
    cues = frozenset(stem(word) for word in cue_words())
    topics = {claim.id: _topic(alignment, claim, cues) for claim in claims}
    disputes = [
        claim
        for claim in claims
        if (annotations[claim.id].cues.verdict or annotations[claim.id].cues.denial)
        and not annotations[claim.id].cues.question
    ]
    leads = _leads(claims, annotations)
    story_level = {claim.id for claim in disputes if _about_the_story(claim, topics[claim.id])}
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim)
    nearby = {c.id: _nearby(c, by_article[c.article], topics) for c in disputes if c.id in story_level}
    stories = {
        article: _Topic(
            set().union(*(topics[c.id].words for c in told)), set().union(*(topics[c.id].lower for c in told))
        )
        for article, told in by_article.items()
    }
    for claim in disputes:
        if claim.id in story_level:
            topics[claim.id] = stories[claim.article]  # "the video was fake": it disputes its article's story
    # a headline that calls a story false frames its whole article: another outlet disputing anything of
    # that article's story disputes the same story, and does not state it
    framing = {c.id: stories[c.article] if annotations[c.id].headline else topics[c.id] for c in disputes}
    found: list[tuple[list[Claim], list[Claim]]] = []
    for group in _one_story(disputes, topics):
        disputed_in = {
            d.article for d in disputes if any(_one_topic(framing[g.id], framing[d.id]) for g in group)
        }
        best: dict[str, tuple[int, Claim]] = {}
        for claim in claims:
            if claim.article in disputed_in or {origin[claim.article]} & {origin[g.article] for g in group}:
                continue  # an outlet that itself calls the story false does not state it as fact
            if not _states(claim, annotations[claim.id]):
                continue
            for disputing in group:
                if disputing.id in story_level and (
                    claim.id not in leads or not nearby[disputing.id] & topics[claim.id].lower
                ):
                    continue  # a story is set against the story another outlet leads with, on what the
                    # sentences around the verdict are about ("Orlund denied the claims" after the claims)
                shared = _one_topic(topics[disputing.id], topics[claim.id])
                score = len(shared) + len({token for token in shared if ":" in token})
                if shared and score > best.get(claim.article, (0, claim))[0]:
                    best[claim.article] = (score, claim)
        if not best:
            continue
        stated = [claim for _, claim in sorted(best.values(), key=lambda item: (-item[0], item[1].id))]
        same = next((entry for entry in found if _same_story(entry, (stated, group), topics)), None)
        if same is None:
            found.append((stated, list(group)))
        else:  # one story disputed in different words: one finding
            same[0].extend(c for c in stated if c not in same[0])
            same[1].extend(group)
    findings = []
    for stated, group in found:
        disputing_articles = {d.article for d in group}
        stated = [c for c in stated if c.article not in disputing_articles]
        disputers = distinct(d.article for d in group)
        if len(disputers) > 1:
            how = "call it false or report a denial of it"
        else:
            how = (
                "calls it false"
                if any(annotations[d.id].cues.verdict for d in group)
                else "reports a denial of it"
            )
        stating = distinct(c.article for c in stated)
        findings.append(
            _Finding(
                "verdicts",
                "status",
                "medium",
                0.55,
                f"{', '.join(stating)} report{'s' if len(stating) == 1 else ''} this as fact, while "
                f"{', '.join(disputers)} {how}.",
                [stated, group],
            )
        )
    return findings


def _nearby(claim: Claim, own: Sequence[Claim], topics: Mapping[str, _Topic]) -> set[str]:
    """The lower-case topic words of a claim and the two before it in its article (`own`, in order): what a
    verdict on "the claims" or "the video" is about."""
    at = own.index(claim)
    return set().union(*(topics[c.id].lower for c in own[max(0, at - 2) : at + 1]))


def _leads(claims: Sequence[Claim], annotations: Mapping[str, Annotation]) -> set[str]:
    """Each article's headline claims and first body claim: the story as that outlet tells it."""
    leads: set[str] = set()
    bodies: set[str] = set()
    for claim in claims:
        if annotations[claim.id].headline:
            leads.add(claim.id)
        elif claim.article not in bodies:
            bodies.add(claim.article)
            leads.add(claim.id)
    return leads


def _about_the_story(claim: Claim, topic: _Topic) -> bool:
    """A verdict on a story ("The video appears to be fake", "it's a hoax", "the report was denied"): it names
    a report or has almost no topic of its own. "X, a claim the firm denied" judges the X it states itself."""
    if _APPOSITION.search(claim.statement):
        return False
    return len(topic.words) <= STORY_WORDS or names_a_report(claim.statement)


_APPOSITION = re.compile(
    r",\s+(?:an?|the)\s+(?:\w+\s+)?(?:" + "|".join(sorted(REPORT_NOUNS)) + r")s?\b", re.I
)
"""", a claim the company denied": the sentence states what it disputes before naming it a claim."""


STORY_WORDS = 3
"""A disputing claim with this few topic words of its own disputes the story its article tells."""


def _same_story(
    first: tuple[list[Claim], list[Claim]],
    second: tuple[list[Claim], list[Claim]],
    topics: Mapping[str, _Topic],
) -> bool:
    """Two verdict findings on one story: the same outlet states both, and their disputes name one entity."""
    if not {c.article for c in first[0]} & {c.article for c in second[0]}:
        return False
    names = [{t for d in group for t in topics[d.id].words if ":" in t} for _, group in (first, second)]
    return bool(names[0] & names[1])


def _one_story(disputes: Sequence[Claim], topics: Mapping[str, _Topic]) -> list[list[Claim]]:
    """Disputing claims grouped by what they dispute: outlets that each report one denial make one finding."""
    groups: list[list[Claim]] = []
    for claim in disputes:
        home = next((g for g in groups if any(_one_topic(topics[m.id], topics[claim.id]) for m in g)), None)
        if home is None:
            groups.append([claim])
        else:
            home.append(claim)
    return groups


def _readable(findings: list[_Finding], annotations: Mapping[str, Annotation]) -> list[_Finding]:
    """Findings whose every side stands on a statement: questions are dropped from sides (a side left
    empty drops its finding), and a headline alone never is the side that states a thing as fact."""
    kept = []
    for finding in findings:
        sides = [
            [claim for claim in side if not annotations[claim.id].cues.question] for side in finding.sides
        ]
        if not all(sides):
            continue
        if finding.kind == "assertion_vs_allegation" and all(annotations[c.id].headline for c in sides[0]):
            continue
        finding.sides = sides
        kept.append(finding)
    return kept
