"""A story called false or denied in one article, against another article that reports it as fact.

Outlets that dispute a story rarely restate it: "the agent denied the report",
"the facts decisively pointed to a hoax". Such a sentence shares a name and a
word or two with the claim it disputes, far below the similarity at which
claims are compared as a pair, so this check runs over the whole corpus. Each
disputing claim (a verdict of falsehood or a denial, read by
`factdiff.lang.annotate`) is set against the one claim of each other outlet
that affirms the most of its topic: a shared name and two more shared words,
or `SHARED_WORDS` shared words. Claims of one origin (wire copy) are not set
against each other, and questions affirm nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factdiff.align import Alignment, stem
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import Annotation, cue_words, names_a_report
from factdiff.models import Claim

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
    findings = []
    for disputing in disputes:
        topic = topics[disputing.id]
        disputed_in = {d.article for d in disputes if _one_topic(topic, topics[d.id])}
        best: dict[str, tuple[int, Claim]] = {}
        for claim in claims:
            if origin[claim.article] == origin[disputing.article] or claim.article in disputed_in:
                continue  # an outlet that itself calls the story false does not state it as fact
            if not _states(claim, annotations[claim.id]):
                continue
            shared = _one_topic(topic, topics[claim.id])
            if not shared:
                continue
            score = len(shared) + len({token for token in shared if ":" in token})
            if score > best.get(claim.article, (0, claim))[0]:
                best[claim.article] = (score, claim)
        if not best:
            continue
        stated = [claim for _, claim in sorted(best.values(), key=lambda item: (-item[0], item[1].id))]
        how = "calls it false" if annotations[disputing.id].cues.verdict else "reports a denial of it"
        findings.append(
            _Finding(
                "verdicts",
                "status",
                "medium",
                0.55,
                f"{', '.join(sorted({c.article for c in stated}))} report{'s' if len(best) == 1 else ''} "
                f"this as fact, while {disputing.article} {how}.",
                [stated, [disputing]],
            )
        )
    return findings


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
