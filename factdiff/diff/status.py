"""States of one matter that exclude each other: ended or not, done or not, answered or not, verified or not.

Pair checks compare exclusive states from the language data ("talks continue" /
"talks ended", "in custody" / "free") only between claims at least
`STATE_THRESHOLD` similar that share an entity or the words around the
states, and an event stated in one article and explicitly not done in the
other ("had not been declared extinguished"). Corpus checks set "no response
yet from X" against another article reporting X's response (low severity when
the response is reported later: the articles were written at different times),
and a claim called unverified against another article stating it as fact about
people of the same country (not as someone's account: "X said ..."). A named person in two exclusive states in two
articles ("X was taken into custody" / "X remains free", "pulled out alive" /
"among the dead") is found across the whole corpus, because such sentences
share little beyond the name and are rarely scored as a pair; so is "no one
was arrested" against another article's report of an arrest.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from factdiff.align import Alignment, CandidatePair, ClaimView, EntityKeys, content_stems, plain, stem
from factdiff.diff._context import _context
from factdiff.diff._findings import _Finding
from factdiff.lang.annotate import names_a_report, read_cues, tokens
from factdiff.lang.lexicon import EXCLUSIVE_STATES, NEGATORS, NOBODY, UNINFORMATIVE_WORDS, alternation
from factdiff.models import Claim, Severity
from factdiff.normalize import (
    Gazetteer,
    distinct,
    fold,
    person_name,
    says_allegation,
    says_no_response,
    says_response,
    says_unverified,
    strip_possessive,
)

STATE_THRESHOLD = 0.25
"""Opposite states ("continuing" / "ended") are compared between claims at least this similar."""


def _state_findings(pair: CandidatePair) -> list[_Finding]:
    """One matter in two states that exclude each other ("talks continue" / "talks ended", "in custody" / "free")."""
    if pair.similarity < STATE_THRESHOLD:
        return _negated_event(pair)
    for label, one, other, _ in EXCLUSIVE_STATES:
        for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
            state_x = _only_state(x.claim.statement, one, other)
            state_y = _only_state(y.claim.statement, other, one)
            if not state_x or not state_y:
                continue
            shared = _context(x.claim.statement, state_x) & _context(y.claim.statement, state_y)
            if not (x.entities & y.entities or shared - {"people"}):
                continue
            return [_status_change(pair, x.claim, state_x, y.claim, state_y, label)]
    return _negated_event(pair)


@functools.lru_cache(maxsize=65536)
def _only_state(statement: str, state: str, opposite: str) -> str | None:
    """The words saying the statement is in `state`, when it neither says the opposite nor negates them
    ("not dead" is not the state "dead"), and states it plainly (`_states_plainly`). Cached: a claim is in
    many candidate pairs."""
    found = re.search(state, statement, re.IGNORECASE)
    if found is None or re.search(opposite, statement, re.IGNORECASE) or not _states_plainly(statement):
        return None
    negated = read_cues(statement).negated_words
    return None if set(tokens(found.group())) & negated else found.group()


_NEGATED = re.compile(r"\b(?:not|never|n't)\s+((?:\w+\s+){0,2}\w+)", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def _negated_participles(text: str) -> tuple[str, ...]:
    """Past participles under a negation ("had not been declared extinguished" -> declared, extinguished).
    Cached: every candidate pair asks for both its statements'."""
    return tuple(
        word for match in _NEGATED.finditer(text) for word in match.group(1).split() if word.endswith("ed")
    )


def _negated_phrase(text: str, word: str) -> str:
    """The negation with the word it negates ("not been declared extinguished"), as the text has it."""
    for match in _NEGATED.finditer(text):
        if word in match.group(1).split():
            return match.group()
    return word


def _states_plainly(statement: str) -> bool:
    """Neither a question, nor hedged, nor a denial or verdict, nor passing on a report: "forced to deny that
    he is dead", "a video purporting to show that X was blurred" and "sites are reporting that X has died"
    put nobody and nothing in a state."""
    cues = read_cues(statement)
    return not (cues.question or cues.hedged or cues.denial or cues.verdict or names_a_report(statement))


def _negated_event(pair: CandidatePair) -> list[_Finding]:
    """ "was extinguished" in one article, "had not been declared extinguished" in another."""
    if not (_states_plainly(pair.a.claim.statement) and _states_plainly(pair.b.claim.statement)):
        return []
    for x, y in ((pair.a.claim, pair.b.claim), (pair.b.claim, pair.a.claim)):
        denied_in_y = {fold(word) for word in _negated_participles(y.statement)}
        for word in _negated_participles(x.statement):
            plain = re.search(rf"\b{re.escape(word)}\b", y.statement, re.IGNORECASE)
            if len(word) > 5 and plain and fold(word) not in denied_in_y:
                return [
                    _status_change(
                        pair, y, plain.group(), x, _negated_phrase(x.statement, word), "done / not done"
                    )
                ]
    return []


def _status_change(
    pair: CandidatePair, a: Claim, words_a: str, b: Claim, words_b: str, label: str
) -> _Finding:
    return _Finding(
        "state_findings",
        "status",
        "medium",
        round(min(0.8, 0.3 + pair.similarity), 2),
        f"The same matter is in states that cannot both hold ({label}): “{words_a}” in {a.article}, "
        f"“{words_b}” in {b.article}.",
        [[a], [b]],
        {a.id: words_a, b.id: words_b},
    )


# --- corpus checks --------------------------------------------------------------------------------


def _unverified_conflicts(claims: Sequence[Claim], gazetteer: Gazetteer) -> list[_Finding]:
    """ "X's troops: unverified" in one article vs another stating X's soldiers were seen or captured."""
    doubts = [claim for claim in claims if says_unverified(claim.statement)]
    if not doubts:
        return []
    # claims an outlet states as fact about people, with the countries they name: read once, not per doubt
    facts = [
        (claim, _countries_named(claim.statement, gazetteer))
        for claim in claims
        if claim.speaker is None  # a speaker's account is not the outlet stating it as fact
        and "people" in content_stems(claim.statement)
        and not says_unverified(claim.statement)
        and not says_allegation(claim.statement)
    ]
    findings = []
    for doubted in doubts:
        if "people" not in content_stems(doubted.statement):
            continue
        countries = _countries_named(doubted.statement, gazetteer)
        stated = [claim for claim, named in facts if claim.article != doubted.article and countries & named]
        if stated:
            findings.append(
                _Finding(
                    "unverified_conflicts",
                    "status",
                    "medium",
                    0.55,
                    f"{doubted.article} calls a claim about "
                    f"{', '.join(sorted(gazetteer.country_name(code) for code in countries))} unverified, while "
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
    silences = [claim for claim in claims if says_no_response(claim.statement)]
    responses = [claim for claim in claims if silences and says_response(claim.statement)]
    findings = []
    for silent in silences:
        actors = _actors(alignment.views[silent.id])
        answered = [
            claim
            for claim in responses
            if claim.article != silent.article and _actor_responds(alignment.views[claim.id], actors)
        ]
        if answered:
            findings.append(_status_finding(silent, answered, published))
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


def _person_state_conflicts(claims: Sequence[Claim], alignment: Alignment) -> list[_Finding]:
    """One named person in states that exclude each other, in different articles."""
    states: dict[tuple[str, str], tuple[list[Claim], list[Claim]]] = defaultdict(lambda: ([], []))
    focus: dict[str, str] = {}
    for claim in claims:
        person = _person_in_question(alignment.views[claim.id], alignment.keys)
        if person is None:
            continue
        for label, one, other, about_a_person in EXCLUSIVE_STATES:
            if not about_a_person:
                continue
            for side, (state, opposite) in enumerate(((one, other), (other, one))):
                words = _only_state(claim.statement, state, opposite)
                if words:
                    states[(person, label)][side].append(claim)
                    focus[claim.id] = words
    findings = []
    for (_, label), (first, second) in states.items():
        if not first or not second or len({c.article for c in first + second}) < 2:
            continue
        sides = [first, [c for c in second if c.article not in {f.article for f in first}] or second]
        words = " / ".join(f"“{focus[side[0].id]}” ({side[0].article})" for side in sides)
        findings.append(
            _Finding(
                "person_states",
                "status",
                "medium",
                0.6,
                f"The same named person is described in states that exclude each other ({label}): {words}.",
                sides,
                {c.id: focus[c.id] for side in sides for c in side},
            )
        )
    return findings


def _person_in_question(view: ClaimView, keys: EntityKeys) -> str | None:
    """The first person the claim names who is not its speaker: the one its state words are about."""
    speaker = view.claim.speaker
    speaker_key = keys.key(person_name(speaker).split()[-1]) if speaker and speaker.split() else None
    return next(
        (token for token in view.tokens if token.startswith("person:") and token != speaker_key), None
    )


_NOBODY = re.compile(
    rf"\b(?:{alternation(NOBODY)}|none of (?:the |them|us)\w*)\s+(?:\w+\s+)?(?:has|have|had|was|were|is|are)\s+"
    r"(?:yet\s+|so far\s+)?(?:been\s+)?(?P<event>[a-z]{5,})",
    re.IGNORECASE,
)
_DENIED_EVENT = rf"\b{alternation(NOBODY | NEGATORS)}\b"


def _nobody_conflicts(claims: Sequence[Claim]) -> list[_Finding]:
    """ "No one has been arrested" in one article vs "two supervisors were arrested" in another.

    The event is the participle after "no one has been"; the other side names it
    (the same word family) without a negation of its own. A report verb is no
    event without what is reported, so "no one has claimed responsibility"
    needs the responsibility too. Such sentences share only the event, so they
    are seldom scored as a pair.
    """
    asserted: list[tuple[Claim, frozenset[str]]] | None = None
    findings = []
    for none in claims:
        text = plain(none.statement)
        found = _NOBODY.search(text)
        if found is None:
            continue
        event = {stem(found.group("event"))}
        if (
            fold(found.group("event")) in UNINFORMATIVE_WORDS
        ):  # "claimed responsibility": and what was claimed
            event |= content_stems(re.split(r"[,;:]", text[found.end() :], maxsplit=1)[0])
        if asserted is None:  # the claims that could report the event, read once for every denial
            asserted = [
                (claim, content_stems(claim.statement))
                for claim in claims
                if claim.polarity == "asserted"
                and not re.search(_DENIED_EVENT, plain(claim.statement), re.IGNORECASE)
            ]
        some = [claim for claim, stems in asserted if claim.article != none.article and event <= stems]
        if not some:
            continue
        findings.append(
            _Finding(
                "nobody",
                "status",
                "medium",
                0.55,
                f"{none.article} says no one was {found.group('event')}, while {_listed(some)} that someone was.",
                [[none], some],
            )
        )
    return findings


def _listed(claims: Sequence[Claim]) -> str:
    articles = distinct(claim.article for claim in claims)
    return f"{', '.join(articles)} {'reports' if len(articles) == 1 else 'report'}"
