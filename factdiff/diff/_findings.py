"""A finding as the checks report it, and how findings become numbered contradictions.

Every check returns `_Finding`s that name the rule which found them. One
disagreement is often seen by several pairs of claims, or by two rules, so
`_merge` folds findings of one rule that share a side, and two rules' findings
on the same claims, into one: the reader never sees the same disagreement
twice. `_number` orders the merged findings by where their claims appear and
gives them stable ids, and `_focused` narrows each side to the clause holding
the disputed words (a value, a day), so a side quotes what is in dispute rather
than a whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factdiff.align import Alignment
from factdiff.models import Claim, Contradiction, ContradictionKind, Severity, Span
from factdiff.normalize import distinct


@dataclass
class _Finding:
    check: str
    """Which rule found it: only findings of one rule are merged."""
    kind: ContradictionKind
    severity: Severity
    confidence: float
    explanation: str
    sides: list[list[Claim]]
    focus: dict[str, str] = field(default_factory=dict)
    """Claim id -> the words that disagree (a value, a day): its side then quotes only that clause."""


def _merge(findings: list[_Finding]) -> list[_Finding]:
    """One finding per disagreement: pairs of one rule sharing a claim with the same disputed words
    (the same value of it), or two rules' findings on the same claims, are merged. A claim holding two
    disputed values (deaths and patients ill) joins two findings, not one."""
    merged: list[_Finding] = []
    for finding in findings:
        ids = [{c.id for c in side} for side in finding.sides]
        target = None
        for existing in merged:
            existing_ids = [{c.id for c in side} for side in existing.sides]
            same_claims = set().union(*ids) == set().union(*existing_ids)
            shared = set().union(*ids) & set().union(*existing_ids)
            if existing.kind == finding.kind and (
                same_claims
                or (
                    existing.check == finding.check
                    and any(existing.focus.get(claim) == finding.focus.get(claim) for claim in shared)
                )
            ):
                target = existing
                break
        if target is None:
            merged.append(finding)
            continue
        for side in finding.sides:
            side_ids = {c.id for c in side}
            match = next((t for t in target.sides if side_ids & {c.id for c in t}), None)
            if match is None:
                match = next(
                    (
                        t
                        for t in target.sides
                        if not any({c.id for c in t} & {c.id for c in s} for s in finding.sides)
                    ),
                    None,
                )
            if match is None:
                target.sides.append(list(side))
            else:
                match.extend(c for c in side if c not in match)
        target.confidence = max(target.confidence, finding.confidence)
        target.focus = finding.focus | target.focus
    return merged


def _number(findings: list[_Finding], alignment: Alignment) -> list[Contradiction]:
    ordered = sorted(
        findings, key=lambda f: [(c.article, c.evidence[0].start) for side in f.sides for c in side]
    )
    contradictions = []
    for number, finding in enumerate(ordered, start=1):
        claims = [claim for side in finding.sides for claim in side]
        facts = {alignment.fact_of.get(claim.id) for claim in claims}
        contradictions.append(
            Contradiction(
                id=f"C{number}",
                kind=finding.kind,
                severity=finding.severity,
                confidence=finding.confidence,
                explanation=finding.explanation,
                sides=[
                    [span for claim in side for span in _focused(claim, finding.focus)]
                    for side in finding.sides
                ],
                fact=facts.pop() if len(facts) == 1 else None,
                claims=distinct(claim.id for claim in claims),
                said=_said(finding),
            )
        )
    return contradictions


def _said(finding: _Finding) -> list[str]:
    """Per side, the disputed words of its first claim that has them; empty when the rule names none."""
    said = [next((finding.focus[c.id] for c in side if c.id in finding.focus), "") for side in finding.sides]
    return said if any(said) else []


_CLAUSE_BREAK = re.compile(r"[;:—–]|,(?!\d)|\s-\s")


def _focused(claim: Claim, focus: dict[str, str]) -> list[Span]:
    """The clause of the claim's evidence holding the disputed words, or all its evidence."""
    words = focus.get(claim.id, "")
    for span in claim.evidence if words else ():
        at = span.quote.find(words)
        if at < 0:
            continue
        starts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(span.quote, 0, at))]
        ends = [m.start() for m in _CLAUSE_BREAK.finditer(span.quote, at + len(words))] + [len(span.quote)]
        start, end = starts[-1], ends[0]
        start += len(span.quote[start:end]) - len(span.quote[start:end].lstrip())
        end -= len(span.quote[start:end]) - len(span.quote[start:end].rstrip())
        return [
            Span(
                article=span.article,
                start=span.start + start,
                end=span.start + end,
                quote=span.quote[start:end],
            )
        ]
    return claim.evidence
