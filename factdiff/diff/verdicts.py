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

from collections.abc import Mapping, Sequence

from factdiff.align import Alignment, stem
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import Annotation, cue_words, report_nouns, tokens
from factdiff.models import Claim

SHARED_WORDS = 3
"""Without a shared name, a disputing claim must share this many content words with what it disputes."""


def _states(claim: Claim, annotation: Annotation) -> bool:
    """The claim affirms the thing itself, not a report of it ("a story is circulating that ...", "the
    rumour was fuelled by ..."). Passing on a claim counts: "X claims Y" against "Y is a hoax" is contested."""
    words = {word.removesuffix("s") for word in tokens(claim.statement)}
    return annotation.cues.stance == "affirms" and not report_nouns() & words


def _topic(alignment: Alignment, claim: Claim, cues: frozenset[str]) -> set[str]:
    return {token for token in alignment.views[claim.id].tokens if token not in cues}


def _verdict_conflicts(
    claims: Sequence[Claim],
    alignment: Alignment,
    annotations: Mapping[str, Annotation],
    origin: Mapping[str, str],
) -> list[_Finding]:
    cues = frozenset(stem(word) for word in cue_words())
    findings = []
    for disputing in claims:
        reading = annotations[disputing.id].cues
        if not (reading.verdict or reading.denial) or reading.question:
            continue
        topic = _topic(alignment, disputing, cues)
        best: dict[str, tuple[int, Claim]] = {}
        for claim in claims:
            if origin[claim.article] == origin[disputing.article]:
                continue
            if not _states(claim, annotations[claim.id]):
                continue
            shared = topic & _topic(alignment, claim, cues)
            names = {token for token in shared if ":" in token}
            if len(shared - names) < (SHARED_WORDS - 1 if names else SHARED_WORDS):
                continue
            score = len(shared) + len(names)
            if score > best.get(claim.article, (0, claim))[0]:
                best[claim.article] = (score, claim)
        if not best:
            continue
        stated = [claim for _, claim in sorted(best.values(), key=lambda item: (-item[0], item[1].id))]
        how = (
            "calls it false"
            if reading.verdict
            else "reports a denial of it"
            if reading.denial
            else "says it is not so"
        )
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
