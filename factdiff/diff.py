"""The diff engine: contradictions, unique details, consensus and name variants from claims.

A false alarm costs the reader more than a silence, so every typed check
first asks whether two claims are about the same thing (alignment score,
same speaker or subject) and only then compares one slot: numbers (each
matched to the number of the other claim that counts the same thing),
weekdays, locations (by gazetteer country, or by name for places it does not
know), quotes, states that exclude each other, response status and modality.
Sides quote the clause holding the disputed words, not the whole sentence.
Spelling variants of names are resolved before any comparison, so they
surface as `NameVariant`s, never as disagreements. Pairs no rule settles, but
which look related and differ in polarity, go to the backend's `Judge`.
Consensus is built only from claims that agree with each other, and unique
details only from claims with a number, name, date or several words no
other article has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from factdiff.align import FACT_THRESHOLD, Alignment, CandidatePair, ClaimView, align, content_stems, stem
from factdiff.backend import Judge
from factdiff.models import (
    Article,
    CandidateGroup,
    Claim,
    Consensus,
    Contradiction,
    ContradictionKind,
    DiffResult,
    NameVariant,
    NameVariantForm,
    Proposal,
    Quantity,
    Severity,
    Span,
    UniqueDetail,
)
from factdiff.normalize import (
    TITLE_WORDS,
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
    strip_possessive,
    units_comparable,
    weekday_of,
)
from factdiff.offline.lexicon import ONES, OPPOSITE_STATES, PLACE_NOUNS
from factdiff.origins import origin_of, shared_origins, shingles

SLOT_THRESHOLD = 0.3
"""Numbers and places are compared only between claims at least this similar, and only when the words
around the two values share content words (the same thing counted or located)."""
CONTEXT_WORDS = 4
"""Common content words either side of a value that say what is counted or located and what happened."""
MODALITY_THRESHOLD = 0.4
"""Assertion-vs-allegation and verified-vs-unverified need claims this similar: the event must be the same."""
TIME_THRESHOLD = 0.3
QUOTE_CONTEXT_THRESHOLD = 0.3
SAME_WORDING = 90
"""rapidfuzz ratio from which two quotes count as one wording (punctuation and case aside)."""
ATTRIBUTION_THRESHOLD = 0.3
SHARED_RUN_WORDS = 6
"""Unquoted statements sharing a run of this many words verbatim, credited to two different named people,
are one statement attributed to two speakers."""
SHORT_QUOTE_WORDS = 6
"""Quotes this short are labels ("groundless"): two labels for one reaction are two wordings of it."""
STATE_THRESHOLD = 0.25
"""Opposite states ("continuing" / "ended") are compared between claims at least this similar."""
JUDGE_THRESHOLD = 0.35
MAX_JUDGE_GROUPS = 150
"""Undecided pairs put to the judge per run, most similar first: a model judge takes 8 per call."""
UNIQUE_OVERLAP = 0.5
"""A claim this similar to another article's claim restates it: not reported by one article only."""
NOVEL_WORDS = 6
"""A claim with no new number, name or date is still a unique detail when this many of its content words
appear in no other article (a measure, an event the others never mention)."""

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
    focus: dict[str, str] = field(default_factory=dict)
    """Claim id -> the words that disagree (a value, a day): its side then quotes only that clause."""


def diff(articles: Sequence[Article], claims: Sequence[Claim], judge: Judge) -> DiffResult:
    """Every finding the claims support, with stable ids and order."""
    gazetteer = Gazetteer()
    alignment = align(claims, gazetteer)
    published = {article.id: article.published for article in articles}
    origins = shared_origins(articles)
    quoted: dict[str, list[str]] = {}
    for claim in claims:
        quoted.setdefault(claim.article, []).extend(_quotations(claim))
    origin = origin_of(articles, origins)
    findings: list[_Finding] = []
    undecided: list[CandidatePair] = []
    for pair in alignment.pairs:
        found = _check_pair(pair, gazetteer, published, quoted)
        findings.extend(found)
        if (
            not found
            and pair.similarity >= JUDGE_THRESHOLD
            and origin[pair.a.claim.article] != origin[pair.b.claim.article]
        ):
            undecided.append(pair)
    findings.extend(_container_conflicts(claims, gazetteer))
    findings.extend(_response_conflicts(claims, alignment, published))
    findings.extend(_unverified_conflicts(claims, gazetteer))
    contradictions = _number(_merge(_judged(findings, _most_similar(undecided), judge)), alignment)
    return DiffResult(
        facts=alignment.facts,
        contradictions=contradictions,
        unique_details=_unique_details(claims, alignment),
        consensus=_consensus(alignment, claims, origin, contradictions, gazetteer),
        name_variants=name_variants(claims, gazetteer),
        shared_origins=origins,
        coverage={fact.id: fact.articles for fact in alignment.facts},
    )


# --- pair checks ----------------------------------------------------------------------------------


def _check_pair(
    pair: CandidatePair,
    gazetteer: Gazetteer,
    published: dict[str, date | None],
    quoted: dict[str, list[str]],
) -> list[_Finding]:
    a, b = pair.a.claim, pair.b.claim
    found = _state_findings(pair)
    if a.quote and b.quote:
        return found + _quote_findings(pair, gazetteer, quoted)
    if _same_speaker(a, b) is False:
        return found + _reported_speech_finding(pair, gazetteer)
    checks = (_number_finding, _time_finding, _place_finding, _local_place_finding, _modality_finding)
    for check in checks:
        finding = check(pair, gazetteer, published)
        if finding:
            found.append(finding)
    return found


def _state_findings(pair: CandidatePair) -> list[_Finding]:
    """One matter in two states that exclude each other ("talks continue" / "talks ended", "in custody" / "free")."""
    if pair.similarity < STATE_THRESHOLD:
        return _negated_event(pair)
    for label, one, other in OPPOSITE_STATES:
        for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
            state_x, state_y = _only_state(x.claim, one, other), _only_state(y.claim, other, one)
            if not state_x or not state_y:
                continue
            shared = _context(x.claim.statement, state_x) & _context(y.claim.statement, state_y)
            if not (x.entities & y.entities or shared - {"people"}):
                continue
            return [_status_change(pair, x.claim, state_x, y.claim, state_y, label)]
    return _negated_event(pair)


def _only_state(claim: Claim, state: str, opposite: str) -> str | None:
    """The words saying the claim is in `state`, when it does not also say the opposite."""
    found = re.search(state, claim.statement, re.IGNORECASE)
    return found.group() if found and not re.search(opposite, claim.statement, re.IGNORECASE) else None


_NEGATED = re.compile(r"\b(?:not|never|n't)\s+((?:\w+\s+){0,2}\w+)", re.IGNORECASE)


def _negated_participles(text: str) -> list[str]:
    """Past participles under a negation ("had not been declared extinguished" -> declared, extinguished)."""
    return [
        word for match in _NEGATED.finditer(text) for word in match.group(1).split() if word.endswith("ed")
    ]


def _negated_event(pair: CandidatePair) -> list[_Finding]:
    """ "was extinguished" in one article, "had not been declared extinguished" in another."""
    for x, y in ((pair.a.claim, pair.b.claim), (pair.b.claim, pair.a.claim)):
        denied_in_y = {fold(word) for word in _negated_participles(y.statement)}
        for word in _negated_participles(x.statement):
            plain = re.search(rf"\b{re.escape(word)}\b", y.statement, re.IGNORECASE)
            if len(word) > 5 and plain and fold(word) not in denied_in_y:
                return [_status_change(pair, y, plain.group(), x, word, "done / not done")]
    return []


def _status_change(
    pair: CandidatePair, a: Claim, words_a: str, b: Claim, words_b: str, label: str
) -> _Finding:
    return _Finding(
        "state_findings",
        "status",
        "medium",
        round(min(0.8, 0.3 + pair.similarity), 2),
        f"Same matter (similarity {pair.similarity:.2f}) in states that exclude each other ({label}): "
        f"“{words_a}” ({a.article}) vs “{words_b}” ({b.article}).",
        [[a], [b]],
        {a.id: words_a, b.id: words_b},
    )


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


def _speaks_as_person(claim: Claim, gazetteer: Gazetteer) -> bool:
    """A full name, or a lone surname the extractor tagged as a person ("Holm said ...")."""
    speaker = _speaker(claim) or ""
    tagged = any(entity.kind == "person" and entity.text == speaker for entity in claim.entities)
    return _is_person(speaker, gazetteer) or (tagged and gazetteer.lookup(speaker) is None)


def _is_person(name: str, gazetteer: Gazetteer | None = None) -> bool:
    """A capitalised name of two or more words that the gazetteer does not know as a place."""
    words = person_name(name).split()
    if len(words) < 2 or not all(word[:1].isupper() for word in words):
        return False
    return gazetteer is None or gazetteer.lookup(" ".join(words)) is None


def _wording(quotes_a: Sequence[str], quotes_b: Sequence[str]) -> float:
    """How alike the closest two quotations are, 0-100; one inside the other counts as 90."""
    from rapidfuzz import fuzz

    return max(
        (
            max(fuzz.ratio(qa, qb), 90.0 if fuzz.partial_ratio(qa, qb) >= 90 else 0.0)
            for qa in quotes_a
            for qb in quotes_b
        ),
        default=0.0,
    )


def _quote_findings(
    pair: CandidatePair, gazetteer: Gazetteer, quoted: dict[str, list[str]]
) -> list[_Finding]:
    a, b = pair.a.claim, pair.b.claim
    assert a.quote and b.quote
    wording = _wording(_quotations(a), _quotations(b))
    # an article that also carries the other article's words quotes two statements, not two wordings of one
    both_said = (
        _wording(_quotations(b), quoted.get(a.article, [])) >= 85
        or _wording(_quotations(a), quoted.get(b.article, [])) >= 85
    )
    same = _same_speaker(a, b)
    people = all(_speaks_as_person(claim, gazetteer) for claim in (a, b))
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
    if (
        same
        and wording < SAME_WORDING
        and not both_said
        and _one_statement(a.quote, b.quote, pair)
        and _times_agree(a, b)
    ):
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
    people = all(_speaks_as_person(claim, gazetteer) for claim in (a, b))
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
        qb = _counterpart(a, qa, b, gazetteer)
        if qb is None or quantities_compatible(qa, qb):
            continue
        if any(
            quantities_compatible(qb, other)
            for other in a.quantities
            if other is not qa and units_comparable(qb, other)
        ):
            continue
        if _names_value_elsewhere(b, qa):
            continue
        place = _place_noun(a.statement, qa.text) or _place_noun(b.statement, qb.text)
        what = (
            f"different “{place}” numbers, so different places"
            if place
            else f"incompatible numbers of one unit (“{qa.unit or 'count'}”)"
        )
        return _Finding(
            "number_finding",
            "place" if place else "number",
            "high",
            round(min(0.9, 0.3 + pair.similarity), 2),
            f"Same fact (similarity {pair.similarity:.2f}): {what}: “{qa.text}” ({a.article}) vs “{qb.text}” "
            f"({b.article}); qualifiers were taken into account.",
            [[a], [b]],
            {a.id: qa.text, b.id: qb.text},
        )
    return None


def _place_noun(text: str, value: str) -> str | None:
    """The noun a number names a place with ("Pier 7", "gate 12"), when the number follows one."""
    before = text[: max(0, text.find(value))].split()[-1:]
    return before[0] if before and fold(before[0]) in PLACE_NOUNS else None


def _counterpart(a: Claim, quantity: Quantity, b: Claim, gazetteer: Gazetteer) -> Quantity | None:
    """The quantity of `b` that counts what `quantity` counts in `a`: same unit, most shared context words."""
    context = _own_context(a, quantity)
    scored = [
        (len(context & _own_context(b, other)), index, other)
        for index, other in enumerate(b.quantities)
        if units_comparable(quantity, other) and _same_thing(a, quantity.text, b, other.text, gazetteer)
    ]
    return max(scored, key=lambda item: (item[0], -item[1]))[2] if scored else None


_ELSEWHERE = "\x00"


def _own_context(claim: Claim, quantity: Quantity) -> set[str]:
    """Context words of one quantity that stop at the claim's other counts of the same unit (they have their own)."""
    text = claim.statement
    for other in claim.quantities:
        if other is not quantity and other.text != quantity.text and units_comparable(other, quantity):
            text = text.replace(other.text, _ELSEWHERE)
    return _context(text, quantity.text)


def _context(text: str, value: str) -> set[str]:
    at = text.find(value)
    if at < 0:
        return content_stems(text)
    head, tail = text[:at].rsplit(_ELSEWHERE, 1)[-1], text[at + len(value) :].split(_ELSEWHERE, 1)[0]
    before = [stem for word in head.split() if not word[:1].isupper() for stem in content_stems(word)]
    after = [stem for word in tail.split() if not word[:1].isupper() for stem in content_stems(word)]
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


_ONGOING = re.compile(r"\b(?:still|continu(?:e|es|ed|ing))\b", re.IGNORECASE)


def _time_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < TIME_THRESHOLD or any(_ONGOING.search(c.statement) for c in (a, b)):
        return None  # "still burning on Thursday" dates the aftermath, not the event
    days_a = {day: time for time in a.times if (day := weekday_of(time, published.get(a.article)))}
    days_b = {day: time for time in b.times if (day := weekday_of(time, published.get(b.article)))}
    clashes = [
        (day_a, day_b)
        for day_a, time_a in days_a.items()
        for day_b, time_b in days_b.items()
        if day_a not in days_b
        and day_b not in days_a
        and _same_thing(a, time_a.text, b, time_b.text, gazetteer)
    ]
    if not clashes:
        return None
    day_a, day_b = clashes[0]
    return _Finding(
        "time_finding",
        "time",
        "medium",
        round(min(0.85, 0.2 + pair.similarity), 2),
        f"Same event (similarity {pair.similarity:.2f}) placed on different days: “{days_a[day_a].text}” "
        f"({day_a}, {a.article}) vs “{days_b[day_b].text}” ({day_b}, {b.article}).",
        [[a], [b]],
        {a.id: days_a[day_a].text, b.id: days_b[day_b].text},
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


_NAMED_LOCATION = re.compile(
    r"((?:[\w-]+\s+){1,2})(?:in|at|to)\s+(?:the\s+)?(?:neighbouring\s+|nearby\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})"
)


def _singular_stems(text: str) -> set[str]:
    return {stem(word) for word in text.split() if not re.search(r"[^s]s$", word) and content_stems(word)} - {
        "people"
    }


def _local_place_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    """One thing ("the plant", "driven") put at two differently named places the gazetteer does not know."""
    a, b = pair.a.claim, pair.b.claim
    for match_a in _NAMED_LOCATION.finditer(a.statement):
        for match_b in _NAMED_LOCATION.finditer(b.statement):
            name_a, name_b = match_a.group(2), match_b.group(2)
            if gazetteer.lookup(name_a) and gazetteer.lookup(name_b):
                continue  # known places are compared by country in `_place_finding`
            if {spelling_key(w) for w in name_a.split()} & {spelling_key(w) for w in name_b.split()}:
                continue
            if not _singular_stems(match_a.group(1)) & _singular_stems(match_b.group(1)):
                continue  # plural things ("commuters in X", "commuters in Y") can be in two places
            return _Finding(
                "place_finding",
                "place",
                "medium",
                round(min(0.75, 0.3 + pair.similarity), 2),
                f"The same thing (similarity {pair.similarity:.2f}) is placed at “{name_a}” by {a.article} "
                f"and at “{name_b}” by {b.article}.",
                [[a], [b]],
                {a.id: match_a.group(0), b.id: match_b.group(0)},
            )
    return None


def _modality(claim: Claim) -> str:
    """The claim's modality, or one read from its wording when the extractor left the default."""
    text = claim.statement
    if claim.speaker and claim.modality == "confirmed":
        return "reported"
    if claim.modality == "unverified" or says_unverified(text):
        return "unverified"
    if claim.modality == "alleged" or says_allegation(text):
        return "alleged"
    if claim.modality == "confirmed" and _BELIEF.search(text):
        return "reported"
    return claim.modality


_BELIEF = re.compile(r"\b(?:told|believed?|believes|suspect(?:s|ed)?|thought)\b", re.IGNORECASE)
"""Someone's belief or account, not the outlet's own assertion ("workers told us they believed ...")."""


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


def _most_similar(pairs: Sequence[CandidatePair]) -> list[list[CandidatePair]]:
    """Undecided pairs for the judge, most similar first, within `MAX_JUDGE_GROUPS`.

    Pairs whose two statements read the same as an earlier pair's (wire copies
    repeat sentences) ride along with it: one verdict covers them all.
    """
    by_wording: dict[tuple[str, str], list[CandidatePair]] = {}
    for pair in sorted(pairs, key=lambda p: -p.similarity):
        wording = tuple(sorted((fold(pair.a.claim.statement), fold(pair.b.claim.statement))))
        by_wording.setdefault((wording[0], wording[1]), []).append(pair)
    return list(by_wording.values())[:MAX_JUDGE_GROUPS]


def _judged(
    proposed: list[_Finding], undecided: Sequence[list[CandidatePair]], judge: Judge
) -> list[_Finding]:
    """One judge call reviews the rules' findings, pair by pair before merging, and decides the undecided pairs.

    A rule finding stays, with the kind the judge gives it, unless the judge
    answers with another relation: a judge that fails or skips a group leaves
    the rule's word standing.
    """
    groups = [
        CandidateGroup(
            id=f"R{n}",
            claims=list({claim.id: claim for side in finding.sides for claim in side}.values()),
            proposal=Proposal(kind=finding.kind, explanation=finding.explanation),
        )
        for n, finding in enumerate(proposed, start=1)
    ]
    groups += [
        CandidateGroup(id=f"G{n}", claims=[same[0].a.claim, same[0].b.claim])
        for n, same in enumerate(undecided, start=1)
    ]
    if not groups:
        return []
    verdicts = {verdict.group: verdict for verdict in judge.judge(groups)}
    kept = []
    for n, finding in enumerate(proposed, start=1):
        verdict = verdicts.get(f"R{n}")
        if verdict is not None and verdict.relation != "contradict":
            continue
        if verdict is not None and verdict.kind is not None:
            finding.kind = verdict.kind
        kept.append(finding)
    for group, same in zip(groups[len(proposed) :], undecided, strict=True):
        verdict = verdicts.get(group.id)
        if verdict is None or verdict.relation != "contradict":
            continue
        kept.extend(
            _Finding(
                "judged",
                verdict.kind or "other",
                "high" if verdict.confidence >= 0.8 else "medium" if verdict.confidence >= 0.5 else "low",
                verdict.confidence,
                verdict.reason,
                [[pair.a.claim], [pair.b.claim]],
            )
            for pair in same
        )
    return kept


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


def _unverified_conflicts(claims: Sequence[Claim], gazetteer: Gazetteer) -> list[_Finding]:
    """ "X's troops: unverified" in one article vs another stating X's soldiers were seen or captured."""
    findings = []
    for doubted in claims:
        if not says_unverified(doubted.statement):
            continue
        countries = _countries_named(doubted.statement, gazetteer)
        people = content_stems(doubted.statement) & {"people"}
        stated = [
            claim
            for claim in claims
            if claim.article != doubted.article
            and not says_unverified(claim.statement)
            and not says_allegation(claim.statement)
            and people & content_stems(claim.statement)
            and countries & _countries_named(claim.statement, gazetteer)
        ]
        if stated:
            findings.append(
                _Finding(
                    "unverified_conflicts",
                    "status",
                    "medium",
                    0.55,
                    f"{doubted.article} calls a claim about {', '.join(sorted(countries))} unverified, while "
                    f"{', '.join(distinct(c.article for c in stated))} state it as fact.",
                    [[doubted], stated],
                )
            )
    return findings


def _countries_named(text: str, gazetteer: Gazetteer) -> set[str]:
    """Countries of the places and demonyms a text names ("Pyongyang", "North Korean" -> KP)."""
    found = set()
    for match in re.finditer(r"\b(?:(?:North|South|New) )?[A-Z][\w'’-]+", text):
        place = gazetteer.lookup(strip_possessive(match.group()))
        if place:
            found.add(place.country)
    return found


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
    """One finding per disagreement: pairs of one rule sharing a side, or two rules' findings on the
    same claims, are merged."""
    merged: list[_Finding] = []
    for finding in findings:
        ids = [{c.id for c in side} for side in finding.sides]
        target = None
        for existing in merged:
            existing_ids = [{c.id for c in side} for side in existing.sides]
            same_claims = set().union(*ids) == set().union(*existing_ids)
            if existing.kind == finding.kind and (
                same_claims
                or (existing.check == finding.check and any(s & e for s in ids for e in existing_ids))
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
            )
        )
    return contradictions


_CLAUSE_BREAK = re.compile(r"[;:—–]|,(?!\d)|\s-\s")


def _focused(claim: Claim, focus: dict[str, str]) -> list[Span]:
    """The clause of the claim's evidence holding the disputed words, or all its evidence."""
    words = focus.get(claim.id)
    for span in claim.evidence if words else ():
        at = span.quote.find(words)  # type: ignore[arg-type]
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


def _specifics(claim: Claim) -> set[str]:
    """What a reader could check in the claim: its numbers and the names inside its sentences."""
    numbers = {f"number:{quantity.value:g}" for quantity in claim.quantities if quantity.value is not None}
    names = {
        "name:" + key
        for sentence in re.split(r"(?<=[.!?])\s+", claim.statement)
        for word in re.findall(r"[^\W\d_][\w'’-]*", sentence)[1:]
        if word[:1].isupper() and len(key := spelling_key(strip_possessive(word))) >= 3
    }
    times = {"time:" + fold(time.value or time.text) for time in claim.times}
    return numbers | names | times


def _unique_details(claims: Sequence[Claim], alignment: Alignment) -> list[UniqueDetail]:
    """Claims carrying a number or name no other article mentions, and not restating another article's fact."""
    restated = {
        claim_id
        for pair in alignment.pairs
        if pair.similarity >= UNIQUE_OVERLAP
        for claim_id in (pair.a.claim.id, pair.b.claim.id)
    }
    by_article: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        by_article[claim.article] |= _specifics(claim) | _all_name_keys(claim.statement)
    words: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        words[claim.article] |= content_stems(claim.statement)

    def words_elsewhere(article: str) -> set[str]:
        return set().union(*(found for other, found in words.items() if other != article))

    details = []
    for claim in claims:
        elsewhere = set().union(*(keys for article, keys in by_article.items() if article != claim.article))
        novel_words = content_stems(claim.statement) - words_elsewhere(claim.article)
        if claim.id in restated or not (_specifics(claim) - elsewhere or len(novel_words) >= NOVEL_WORDS):
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


def _all_name_keys(text: str) -> set[str]:
    """Every capitalised word's key, sentence openers included: a name there still counts as mentioned."""
    return {
        "name:" + key
        for word in re.findall(r"[^\W\d_][\w'’-]*", text)
        if word[:1].isupper() and len(key := spelling_key(strip_possessive(word))) >= 3
    }


def _consensus(
    alignment: Alignment,
    claims: Sequence[Claim],
    origins: dict[str, str],
    contradictions: Sequence[Contradiction],
    gazetteer: Gazetteer,
) -> list[Consensus]:
    """Claims two or more independent articles make alike, one claim per article.

    Groups grow from the most similar pairs; a claim joins only if it agrees with every member (no
    contradiction between them, compatible numbers, same polarity), so a chain of loosely linked
    claims never becomes one agreement.
    """
    clashes = _clashing_pairs(contradictions, claims)

    def agree(x: Claim, y: Claim) -> bool:
        counts_agree = all(
            other is None or quantities_compatible(quantity, other)
            for quantity in x.quantities
            for other in [_counterpart(x, quantity, y, gazetteer)]
        )
        return (x.id, y.id) not in clashes and x.polarity == y.polarity and counts_agree

    groups: list[list[Claim]] = []
    group_of: dict[str, list[Claim]] = {}
    for pair in alignment.pairs:
        a, b = pair.a.claim, pair.b.claim
        if pair.similarity < FACT_THRESHOLD or (a.id in group_of and b.id in group_of):
            continue
        group = group_of.get(a.id) or group_of.get(b.id)
        if group is None:
            if agree(a, b):
                groups.append([a, b])
                group_of.update({a.id: groups[-1], b.id: groups[-1]})
            continue
        joining = b if a.id in group_of else a
        if all(member.article != joining.article and agree(member, joining) for member in group):
            group.append(joining)
            group_of[joining.id] = group
    order = {claim.id: n for n, claim in enumerate(claims)}
    found = []
    for group in sorted(groups, key=lambda members: min(order[c.id] for c in members)):
        group.sort(key=lambda claim: order[claim.id])
        articles = [claim.article for claim in group]
        independent = len({origins.get(article, article) for article in articles})
        if independent < 2:
            continue  # copies of one wire story agree with themselves
        found.append(
            Consensus(
                id=f"K{len(found) + 1}",
                statement=group[0].statement,
                articles=articles,
                independent_sources=independent,
                evidence=[claim.evidence[0] for claim in group],
                fact=alignment.fact_of[group[0].id],
            )
        )
    return found


def _holds(claim: Claim, span: Span) -> bool:
    return any(
        e.article == span.article and e.start <= span.start and span.end <= e.end for e in claim.evidence
    )


def _clashing_pairs(contradictions: Sequence[Contradiction], claims: Sequence[Claim]) -> set[tuple[str, str]]:
    """Claim id pairs on opposite sides of a contradiction, both orders."""
    pairs: set[tuple[str, str]] = set()
    for contradiction in contradictions:
        sides = [
            {claim.id for span in side for claim in claims if _holds(claim, span)}
            for side in contradiction.sides
        ]
        for i, side in enumerate(sides):
            for other in sides[i + 1 :]:
                pairs.update((a, b) for a in side for b in other)
                pairs.update((b, a) for a in side for b in other)
    return pairs


# --- name variants --------------------------------------------------------------------------------


def name_variants(claims: Sequence[Claim], gazetteer: Gazetteer) -> list[NameVariant]:
    """Entities written differently across the corpus (transliterations, alternate place names).

    Tagged entities are grouped by surname or gazetteer key; every other capitalised multi-word
    name in the evidence is grouped by the spelling keys of all its words, so untagged people
    ("Soren Lykke" / "Søren Lykke") are found too without merging different given names.
    """
    groups: dict[tuple[str, ...], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        mentions = [
            ((kind, key), name)
            for mention, kind in _mentions(claim)
            if (key := _entity_key(name := _mention_name(mention, kind), kind, gazetteer))
        ]
        mentions += [
            (("other", *(spelling_key(word) for word in name.split())), name)
            for span in claim.evidence
            for name in _capitalised_names(span.quote)
        ]
        for key, name in mentions:
            if claim.article not in groups[key][name]:
                groups[key][name].append(claim.article)
    variants: list[NameVariant] = []
    reported: list[set[str]] = []
    # tagged entities first: their kind is known, so an untagged duplicate is the one dropped
    for (kind, *_), forms in sorted(groups.items(), key=lambda item: (item[0][0] == "other", item[0])):
        kept = {
            form: articles
            for form, articles in forms.items()
            if not any(other != form and _contains_words(other, form) for other in forms)
        }
        spellings = {form.casefold() for form in kept}
        if len(spellings) < 2 or any(spellings <= seen for seen in reported):
            continue
        reported.append(spellings)
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


def _mention_name(mention: str, kind: str) -> str:
    return person_name(mention) if kind == "person" else place_core(mention)


def _capitalised_names(text: str) -> list[str]:
    """Runs of two or three capitalised words not opening a sentence: likely names of people or bodies."""
    names: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        run: list[str] = []
        for position, token in enumerate(sentence.split()):
            word = strip_possessive(token.strip(_NAME_PUNCTUATION))
            capital = position > 0 and word[:1].isupper() and fold(word) not in TITLE_WORDS
            if capital:
                run.append(word)
            if not capital or token[-1] in _NAME_PUNCTUATION:
                names += [" ".join(run)] if 2 <= len(run) <= 3 else []
                run = []
        names += [" ".join(run)] if 2 <= len(run) <= 3 else []
    return names


_NAME_PUNCTUATION = ',.;:!?"“”‘’()[]'


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
