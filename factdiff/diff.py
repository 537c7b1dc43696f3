"""The diff engine: contradictions, unique details, consensus and name variants from claims.

A false alarm costs the reader more than a silence, so every typed check
first asks whether two claims are about the same thing (alignment score,
same speaker or subject) and only then compares one slot: numbers (with
qualifiers and units), weekdays, locations (by gazetteer country), quotes,
response status and modality. Spelling variants of names are resolved
before any comparison, so they surface as `NameVariant`s, never as
disagreements. Pairs no rule settles, but which look related and differ in
polarity, go to the backend's `Judge`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from factdiff.align import Alignment, CandidatePair, ClaimView, align, content_stems
from factdiff.backend import Judge
from factdiff.models import (
    Article,
    CandidateGroup,
    Claim,
    Consensus,
    Contradiction,
    ContradictionKind,
    DiffResult,
    Fact,
    NameVariant,
    NameVariantForm,
    Quantity,
    Severity,
    UniqueDetail,
)
from factdiff.normalize import (
    Gazetteer,
    Place,
    distinct,
    fold,
    person_name,
    place_core,
    quantities_compatible,
    same_person,
    says_allegation,
    says_no_response,
    says_response,
    says_unverified,
    spelling_key,
    units_comparable,
    weekday_of,
)
from factdiff.offline.lexicon import ONES
from factdiff.origins import origin_of, shared_origins, shingles

SLOT_THRESHOLD = 0.3
"""Numbers and places are compared only between claims at least this similar, and only when the words
around the two values share content words (the same thing counted or located)."""
CONTEXT_WORDS = 4
"""Common content words either side of a value that say what is counted or located and what happened."""
MODALITY_THRESHOLD = 0.4
"""Assertion-vs-allegation and verified-vs-unverified need claims this similar: the event must be the same."""
TIME_THRESHOLD = 0.5
QUOTE_CONTEXT_THRESHOLD = 0.3
SAME_WORDING = 90
"""rapidfuzz ratio from which two quotes count as one wording (punctuation and case aside)."""
ATTRIBUTION_THRESHOLD = 0.3
SHARED_RUN_WORDS = 6
"""Unquoted statements sharing a run of this many words verbatim, credited to two different named people,
are one statement attributed to two speakers."""
SHORT_QUOTE_WORDS = 6
"""Quotes this short are labels ("groundless"): two labels for one reaction are two wordings of it."""
JUDGE_THRESHOLD = 0.35
MAX_JUDGE_GROUPS = 40
UNIQUE_OVERLAP = 0.35
"""A claim this similar to another article's claim is not reported by one article only."""

_LOCATIVE = r"\b(?:in|within|inside|near|at|into|across|on)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}"
_CONTAINER_WORDS = r"(?i:region|oblast|province|state|county|district|territory|krai|governorate|prefecture)"
_POSSESSIVE_PLACE = re.compile(
    r"\b([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)['’]s\s+([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+" + _CONTAINER_WORDS
)
_DEMONYM_TERRITORY = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:territory|soil|land|border)\b")


@dataclass
class _Finding:
    check: str
    """Which rule found it: only findings of one rule are merged."""
    kind: ContradictionKind
    severity: Severity
    confidence: float
    explanation: str
    sides: list[list[Claim]]


def diff(articles: Sequence[Article], claims: Sequence[Claim], judge: Judge) -> DiffResult:
    """Every finding the claims support, with stable ids and order."""
    gazetteer = Gazetteer()
    alignment = align(claims, gazetteer)
    published = {article.id: article.published for article in articles}
    origins = shared_origins(articles)
    findings: list[_Finding] = []
    undecided: list[CandidatePair] = []
    for pair in alignment.pairs:
        found = _check_pair(pair, gazetteer, published)
        findings.extend(found)
        if not found and pair.similarity >= JUDGE_THRESHOLD and _worth_judging(pair):
            undecided.append(pair)
    findings.extend(_container_conflicts(claims, gazetteer))
    findings.extend(_response_conflicts(claims, alignment, published))
    findings.extend(_judged(undecided[:MAX_JUDGE_GROUPS], judge))
    contradictions = _number(_merge(findings), alignment)
    return DiffResult(
        facts=alignment.facts,
        contradictions=contradictions,
        unique_details=_unique_details(claims, alignment),
        consensus=_consensus(alignment.facts, claims, origin_of(articles, origins)),
        name_variants=name_variants(claims, gazetteer),
        shared_origins=origins,
        coverage={fact.id: fact.articles for fact in alignment.facts},
    )


# --- pair checks ----------------------------------------------------------------------------------


def _check_pair(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> list[_Finding]:
    a, b = pair.a.claim, pair.b.claim
    if a.quote and b.quote:
        return _quote_findings(pair, gazetteer)
    if _same_speaker(a, b) is False:
        return _reported_speech_finding(pair, gazetteer)
    checks = (_number_finding, _time_finding, _place_finding, _modality_finding)
    found = []
    for check in checks:
        finding = check(pair, gazetteer, published)
        if finding:
            found.append(finding)
    return found[:1]


def _speaker(claim: Claim) -> str | None:
    """Who is speaking: the attributed speaker, or a named subject that carries a quotation."""
    if claim.speaker:
        return claim.speaker
    if claim.quote and claim.subject and _is_person(claim.subject):
        return claim.subject
    return None


def _same_speaker(a: Claim, b: Claim) -> bool | None:
    """True/False when both speakers are known, None when either is missing."""
    speaker_a, speaker_b = _speaker(a), _speaker(b)
    if not speaker_a or not speaker_b:
        return None
    return fold(person_name(speaker_a)) == fold(person_name(speaker_b)) or same_person(speaker_a, speaker_b)


def _is_person(name: str, gazetteer: Gazetteer | None = None) -> bool:
    """A capitalised name of two or more words that the gazetteer does not know as a place."""
    words = person_name(name).split()
    if len(words) < 2 or not all(word[:1].isupper() for word in words):
        return False
    return gazetteer is None or gazetteer.lookup(" ".join(words)) is None


def _quote_findings(pair: CandidatePair, gazetteer: Gazetteer) -> list[_Finding]:
    from rapidfuzz import fuzz

    a, b = pair.a.claim, pair.b.claim
    assert a.quote and b.quote
    wording = max(
        max(fuzz.ratio(qa, qb), 90.0 if fuzz.partial_ratio(qa, qb) >= 90 else 0.0)
        for qa in _quotations(a)
        for qb in _quotations(b)
    )
    same = _same_speaker(a, b)
    people = all(_is_person(_speaker(claim) or "", gazetteer) for claim in (a, b))
    if wording >= 85 and same is False and people:
        return [
            _Finding(
                "quote_findings",
                "attribution",
                "high",
                0.7,
                f"The same words (“{a.quote}”) are attributed to {_speaker(a)} by {a.article} "
                f"and to {_speaker(b)} by {b.article}.",
                [[a], [b]],
            )
        ]
    if same and wording < SAME_WORDING and _one_statement(a.quote, b.quote, pair) and _times_agree(a, b):
        return [
            _Finding(
                "quote_findings",
                "quote_wording",
                "medium",
                round(min(0.9, 0.4 + pair.similarity), 2),
                f"{_speaker(a)} is quoted in one statement in the same context (similarity "
                f"{pair.similarity:.2f}) with different words: “{a.quote}” ({a.article}) vs "
                f"“{b.quote}” ({b.article}).",
                [[a], [b]],
            )
        ]
    return []


def _quotations(claim: Claim) -> list[str]:
    """Every quotation in the claim, folded: a sentence often quotes two phrases, the claim keeps one."""
    found = re.findall(r"[“”\"‘’']([^“”\"‘’]{2,}?)[“”\"‘’']", claim.statement)
    return distinct(fold(q).strip(" ,.") for q in [*found, claim.quote or ""] if q.strip())


def _one_statement(quote_a: str, quote_b: str, pair: CandidatePair) -> bool:
    """Two wordings of one statement: short labels, or similar-length quotes sharing words, in a similar context."""
    words_a, words_b = content_stems(quote_a), content_stems(quote_b)
    lengths = sorted([len(quote_a.split()), len(quote_b.split())])
    if lengths[1] > 3 * lengths[0] + 2 or pair.similarity < QUOTE_CONTEXT_THRESHOLD:
        return False
    return (
        lengths[1] <= SHORT_QUOTE_WORDS
        or len(words_a & words_b) / max(1, min(len(words_a), len(words_b))) >= 0.3
    )


def _reported_speech_finding(pair: CandidatePair, gazetteer: Gazetteer) -> list[_Finding]:
    """The same unquoted statement credited to two different named people."""
    a, b = pair.a.claim, pair.b.claim
    people = all(_is_person(_speaker(claim) or "", gazetteer) for claim in (a, b))
    if not people or pair.similarity < ATTRIBUTION_THRESHOLD:
        return []
    if not shingles(a.statement, SHARED_RUN_WORDS) & shingles(b.statement, SHARED_RUN_WORDS):
        return []
    return [
        _Finding(
            "reported_speech_finding",
            "attribution",
            "high",
            round(min(0.85, 0.2 + pair.similarity), 2),
            f"One statement (similarity {pair.similarity:.2f}) is credited to {_speaker(a)} by {a.article} "
            f"and to {_speaker(b)} by {b.article}.",
            [[a], [b]],
        )
    ]


def _times_agree(a: Claim, b: Claim) -> bool:
    days_a = {day for time in a.times if (day := weekday_of(time))}
    days_b = {day for time in b.times if (day := weekday_of(time))}
    return not days_a or not days_b or bool(days_a & days_b)


def _number_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < SLOT_THRESHOLD:
        return None
    for qa in a.quantities:
        same = [
            qb
            for qb in b.quantities
            if units_comparable(qa, qb) and _same_thing(a, qa.text, b, qb.text, gazetteer)
        ]
        if not same or any(quantities_compatible(qa, qb) for qb in same):
            continue
        if any(quantities_compatible(qb, other) for qb in same for other in a.quantities if other is not qa):
            continue
        if _names_value_elsewhere(b, qa):
            continue
        qb = same[0]
        return _Finding(
            "number_finding",
            "number",
            "high",
            round(min(0.9, 0.3 + pair.similarity), 2),
            f"Same fact (similarity {pair.similarity:.2f}, same unit “{qa.unit or 'count'}”), incompatible numbers: "
            f"“{qa.text}” ({a.article}) vs “{qb.text}” ({b.article}); qualifiers were taken into account.",
            [[a], [b]],
        )
    return None


def _context(text: str, value: str) -> set[str]:
    at = text.find(value)
    if at < 0:
        return content_stems(text)
    before = [stem for word in text[:at].split() if not word[:1].isupper() for stem in content_stems(word)]
    after = [
        stem
        for word in text[at + len(value) :].split()
        if not word[:1].isupper()
        for stem in content_stems(word)
    ]
    return set(before[-CONTEXT_WORDS:] + after[:CONTEXT_WORDS])


def _nationalities(text: str, value: str, gazetteer: Gazetteer) -> set[str]:
    """Countries of the demonyms next to a value ("two North Korean soldiers" -> KP)."""
    at = max(0, text.find(value))
    window = " ".join(
        text[:at].split()[-2 * CONTEXT_WORDS :]
        + [value]
        + text[at + len(value) :].split()[: 2 * CONTEXT_WORDS]
    )
    found = set()
    for match in re.finditer(r"\b(?:North |South |New )?[A-Z][a-z]+(?:an|ese|ish|ian|i)\b", window):
        place = gazetteer.country_of_demonym(match.group())
        if place:
            found.add(place.country)
    return found


def _same_thing(a: Claim, value_a: str, b: Claim, value_b: str, gazetteer: Gazetteer) -> bool:
    """Shared context words and no clash of nationalities around the two values."""
    if not (_context(a.statement, value_a) & _context(b.statement, value_b)) - {"people"}:
        return False
    nations_a = _nationalities(a.statement, value_a, gazetteer)
    nations_b = _nationalities(b.statement, value_b, gazetteer)
    return not nations_a or not nations_b or bool(nations_a & nations_b)


def _names_value_elsewhere(claim: Claim, quantity: Quantity) -> bool:
    """The claim also names the same number bare ("six soldiers, capturing two of them"): no clash."""
    if quantity.value is None:
        return False
    if any(other.value == quantity.value and other.unit is None for other in claim.quantities):
        return True
    text = claim.statement
    for other in claim.quantities:
        text = text.replace(other.text, " ")
    return _mentions_value(text, quantity.value)


def _mentions_value(text: str, value: float) -> bool:
    """The other claim names the same number somewhere ("... six soldiers, capturing two of them")."""
    words = {word for word, number in ONES.items() if number == value}
    if value == int(value):
        words.add(str(int(value)))
    return any(re.search(rf"\b{re.escape(word)}\b", fold(text)) for word in words)


def _time_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < TIME_THRESHOLD or not _numbers_agree(a, b):
        return None
    days_a = {day: time for time in a.times if (day := weekday_of(time, published.get(a.article)))}
    days_b = {day: time for time in b.times if (day := weekday_of(time, published.get(b.article)))}
    if not days_a or not days_b or set(days_a) & set(days_b):
        return None
    day_a, day_b = next(iter(days_a)), next(iter(days_b))
    return _Finding(
        "time_finding",
        "time",
        "medium",
        round(min(0.85, 0.2 + pair.similarity), 2),
        f"Same event (similarity {pair.similarity:.2f}) placed on different days: “{days_a[day_a].text}” "
        f"({day_a}, {a.article}) vs “{days_b[day_b].text}” ({day_b}, {b.article}).",
        [[a], [b]],
    )


def _numbers_agree(a: Claim, b: Claim) -> bool:
    return all(
        quantities_compatible(qa, qb)
        for qa in a.quantities
        for qb in b.quantities
        if units_comparable(qa, qb)
    )


def located_places(claim: Claim, gazetteer: Gazetteer) -> list[tuple[str, Place]]:
    """Places the claim locates its event in (after a locative preposition), with gazetteer entries."""
    text = " ".join(span.quote for span in claim.evidence)
    found: list[tuple[str, Place]] = []
    for mention in distinct([*claim.places, *(e.text for e in claim.entities if e.kind == "place")]):
        place = gazetteer.lookup(mention)
        if place and re.search(_LOCATIVE + re.escape(mention), text):
            found.append((mention, place))
    for match in _DEMONYM_TERRITORY.finditer(text):
        place = gazetteer.country_of_demonym(match.group(1))
        if place and re.search(_LOCATIVE + re.escape(match.group(0)), text):
            found.append((match.group(0), place))
    return found


def _place_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    places_a, places_b = located_places(a, gazetteer), located_places(b, gazetteer)
    if not places_a or not places_b:
        return None
    countries_a = {place.country for _, place in places_a}
    countries_b = {place.country for _, place in places_b}
    if countries_a & countries_b:
        return None
    (mention_a, place_a), (mention_b, place_b) = places_a[0], places_b[0]
    if not _same_thing(a, mention_a, b, mention_b, gazetteer):
        return None
    return _Finding(
        "place_finding",
        "place",
        "high",
        round(min(0.85, 0.3 + pair.similarity), 2),
        f"Same event (similarity {pair.similarity:.2f}) located in different countries: “{mention_a}” "
        f"({place_a.name}, {place_a.country}) in {a.article} vs “{mention_b}” ({place_b.name}, {place_b.country}) "
        f"in {b.article}, per the geonames/ISO 3166 gazetteer.",
        [[a], [b]],
    )


def _modality(claim: Claim) -> str:
    """The claim's modality, or one read from its wording when the extractor left the default."""
    text = claim.statement
    if claim.speaker and claim.modality == "confirmed":
        return "reported"
    if claim.modality == "unverified" or says_unverified(text):
        return "unverified"
    if claim.modality == "alleged" or says_allegation(text):
        return "alleged"
    return claim.modality


def _modality_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < MODALITY_THRESHOLD:
        return None
    modal = {_modality(a): a, _modality(b): b}
    if "confirmed" in modal and modal["confirmed"].speaker:
        return None
    if "confirmed" not in modal:
        return None
    stated = modal["confirmed"]
    for other, kind, label in (
        ("unverified", "status", "calls it unverified"),
        ("alleged", "assertion_vs_allegation", "reports it as an allegation or claim"),
    ):
        if other in modal:
            hedged = modal[other]
            return _Finding(
                "modality_finding",
                kind,  # type: ignore[arg-type]
                "medium",
                round(min(0.8, 0.2 + pair.similarity), 2),
                f"Same fact (similarity {pair.similarity:.2f}): {stated.article} states it as fact, "
                f"{hedged.article} {label}.",
                [[stated], [hedged]],
            )
    return None


def _worth_judging(pair: CandidatePair) -> bool:
    return pair.a.claim.polarity != pair.b.claim.polarity


def _judged(pairs: Sequence[CandidatePair], judge: Judge) -> list[_Finding]:
    if not pairs:
        return []
    groups = [CandidateGroup(id=f"G{n}", claims=[p.a.claim, p.b.claim]) for n, p in enumerate(pairs, start=1)]
    by_id = {group.id: group for group in groups}
    findings = []
    for verdict in judge.judge(groups):
        group = by_id.get(verdict.group)
        if group is None or verdict.relation != "contradict":
            continue
        findings.append(
            _Finding(
                "judged",
                verdict.kind or "other",
                "high" if verdict.confidence >= 0.8 else "medium" if verdict.confidence >= 0.5 else "low",
                verdict.confidence,
                verdict.reason,
                [[claim] for claim in group.claims],
            )
        )
    return findings


# --- corpus checks --------------------------------------------------------------------------------


def _container_conflicts(claims: Sequence[Claim], gazetteer: Gazetteer) -> list[_Finding]:
    """ "A's X region" in one article vs "B's X region" in another: which country a region belongs to."""
    containers: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for claim in claims:
        for span in claim.evidence:
            for match in _POSSESSIVE_PLACE.finditer(span.quote):
                container = gazetteer.lookup(match.group(1))
                region = gazetteer.lookup(match.group(2))
                if container is None or container.level != "country":
                    continue
                key = f"{region.country}:{fold(region.name)}" if region else fold(match.group(2))
                names[key] = match.group(2)
                if claim not in containers[key][container.name]:
                    containers[key][container.name].append(claim)
    findings = []
    for key, by_country in containers.items():
        if len(by_country) < 2 or len({c.article for cs in by_country.values() for c in cs}) < 2:
            continue
        region = gazetteer.lookup(names[key])
        reference = f" The gazetteer (ISO 3166-2) places it in {region.country}." if region else ""
        owners = " vs ".join(
            f"{country} ({', '.join(distinct(c.article for c in cs))})" for country, cs in by_country.items()
        )
        findings.append(
            _Finding(
                "container_conflicts",
                "place",
                "high",
                0.85,
                f"Articles disagree on which country {names[key]} belongs to: {owners}.{reference}",
                list(by_country.values()),
            )
        )
    return findings


def _actors(view: ClaimView) -> set[str]:
    return {key for key in view.entities}


def _response_conflicts(
    claims: Sequence[Claim], alignment: Alignment, published: dict[str, date | None]
) -> list[_Finding]:
    """ "No response yet from X" in one article vs "X responded/denied" in another."""
    findings = []
    for silent in claims:
        if not says_no_response(silent.statement):
            continue
        actors = _actors(alignment.views[silent.id])
        responses = [
            claim
            for claim in claims
            if claim.article != silent.article
            and says_response(claim.statement)
            and _actor_responds(alignment.views[claim.id], actors)
        ]
        if not responses:
            continue
        findings.append(_status_finding(silent, responses, published))
    return findings


def _actor_responds(view: ClaimView, actors: set[str]) -> bool:
    """The first place named (a capital standing for its government) is taken as the one responding."""
    first = next((token for token in view.tokens if token.startswith("place:")), None)
    return first in actors


def _status_finding(silent: Claim, responses: list[Claim], published: dict[str, date | None]) -> _Finding:
    silent_date = published.get(silent.article)
    later = [c for c in responses if silent_date and (d := published.get(c.article)) and d > silent_date]
    articles = ", ".join(distinct(c.article for c in responses))
    if later:
        timing = (
            f" Temporal: {silent.article} is dated {silent_date}, the responses are reported later; "
            "the reports likely differ only in when they were written."
        )
        severity: Severity = "low"
    else:
        timing = (
            " This may only reflect when each article was written (a response can come after publication)."
        )
        severity = "medium"
    return _Finding(
        "status_finding",
        "status",
        severity,
        0.6,
        f"{silent.article} says there was no response yet, while {articles} report a response or denial "
        f"from the same party.{timing}",
        [[silent], responses],
    )


# --- assembly -------------------------------------------------------------------------------------


def _merge(findings: list[_Finding]) -> list[_Finding]:
    """One finding per disagreement: pairs that share a side of the same kind are merged."""
    merged: list[_Finding] = []
    for finding in findings:
        ids = [{c.id for c in side} for side in finding.sides]
        target = None
        for existing in merged:
            existing_ids = [{c.id for c in side} for side in existing.sides]
            if (
                existing.check == finding.check
                and existing.kind == finding.kind
                and any(s & e for s in ids for e in existing_ids)
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
                sides=[[span for claim in side for span in claim.evidence] for side in finding.sides],
                fact=facts.pop() if len(facts) == 1 else None,
                claims=distinct(claim.id for claim in claims),
            )
        )
    return contradictions


def _has_specific(claim: Claim, view: ClaimView) -> bool:
    """Checkable content: a number, a time, a quotation or a named entity."""
    named = re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", claim.statement)
    return bool(claim.quantities or claim.times or claim.quote or view.entities or claim.entities or named)


def _unique_details(claims: Sequence[Claim], alignment: Alignment) -> list[UniqueDetail]:
    echoed = {
        claim_id
        for pair in alignment.pairs
        if pair.similarity >= UNIQUE_OVERLAP
        for claim_id in (pair.a.claim.id, pair.b.claim.id)
    }
    multi = {fact.id for fact in alignment.facts if len(fact.articles) > 1}
    details = []
    for claim in claims:
        if claim.id in echoed or alignment.fact_of[claim.id] in multi:
            continue
        if not _has_specific(claim, alignment.views[claim.id]):
            continue
        span = claim.evidence[0]
        details.append(
            UniqueDetail(
                id=f"U{len(details) + 1}",
                article=claim.article,
                quote=span.quote,
                start=span.start,
                end=span.end,
                statement=claim.statement,
                claim=claim.id,
            )
        )
    return details


def _consensus(facts: Sequence[Fact], claims: Sequence[Claim], origins: dict[str, str]) -> list[Consensus]:
    by_id = {claim.id: claim for claim in claims}
    found = []
    for fact in facts:
        if len(fact.articles) < 2:
            continue
        evidence = []
        for article in fact.articles:
            first = next(by_id[c] for c in fact.claims if by_id[c].article == article)
            evidence.append(first.evidence[0])
        found.append(
            Consensus(
                id=f"K{len(found) + 1}",
                statement=fact.statement,
                articles=fact.articles,
                independent_sources=len({origins.get(a, a) for a in fact.articles}),
                evidence=evidence,
                fact=fact.id,
            )
        )
    return found


# --- name variants --------------------------------------------------------------------------------


def name_variants(claims: Sequence[Claim], gazetteer: Gazetteer) -> list[NameVariant]:
    """Entities written differently across the corpus (transliterations, alternate place names)."""
    groups: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        for mention, kind in _mentions(claim):
            name = person_name(mention) if kind == "person" else place_core(mention)
            key = _entity_key(name, kind, gazetteer)
            if key and claim.article not in groups[(kind, key)][name]:
                groups[(kind, key)][name].append(claim.article)
    variants = []
    for (kind, _), forms in sorted(groups.items()):
        kept = {
            form: articles
            for form, articles in forms.items()
            if not any(other != form and _contains_words(other, form) for other in forms)
        }
        if len({fold(form) for form in kept}) < 2:
            continue
        canonical = max(kept, key=lambda form: (len(kept[form]), len(form), form))
        variants.append(
            NameVariant(
                id=f"N{len(variants) + 1}",
                canonical=canonical,
                kind=kind,  # type: ignore[arg-type]
                forms=[NameVariantForm(form=f, articles=sorted(a)) for f, a in sorted(kept.items())],
            )
        )
    return variants


def _mentions(claim: Claim) -> list[tuple[str, str]]:
    mentions = [(e.text, e.kind) for e in claim.entities if e.kind in ("person", "place")]
    mentions += [(place, "place") for place in claim.places]
    if claim.speaker and _is_person(claim.speaker):
        mentions.append((claim.speaker, "person"))
    return mentions


def _entity_key(name: str, kind: str, gazetteer: Gazetteer) -> str | None:
    if kind == "place":
        place = gazetteer.lookup(name)
        return f"{place.country}:{fold(place.name)}" if place else fold(name)
    words = name.split()
    return spelling_key(words[-1]) if words and len(spelling_key(words[-1])) >= 3 else None


def _contains_words(longer: str, shorter: str) -> bool:
    """A surname-only mention spelled as in a full name is not a variant of it."""
    return (
        len(longer.split()) > len(shorter.split())
        and fold(shorter) in fold(longer).split()
        or (fold(longer).endswith(" " + fold(shorter)))
    )
