"""Places that disagree about one event or thing, and regions given to two different countries.

Places the gazetteer knows, named after a locative preposition ("in Kherson"),
are compared by country, so a town and its region or country never clash,
and only when the two mentions stand among the same context words. Places it
does not know are compared by name, only when one singular thing ("the
plant") is put at both and the names share no word: plural things
("commuters in X", "commuters in Y") can be in two places. A corpus-wide
check finds articles that disagree on which country a region belongs to
("A's X region" vs "B's X region").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from factdiff.align import CandidatePair, content_stems, stem
from factdiff.diff._context import _same_thing
from factdiff.diff._findings import _Finding
from factdiff.lang.inflect import singular
from factdiff.lang.lexicon import LOCATIVES, MONTHS, PLACE_DIVISIONS, TERRITORY_WORDS, WEEKDAYS, alternation
from factdiff.models import Claim
from factdiff.normalize import Gazetteer, Place, distinct, fold, local_place_key, spelling_key

PLACE_THRESHOLD = 0.3
"""Places are compared between claims this similar: below it, two places are often two events of one story."""

_LOCATIVE = rf"\b{alternation(LOCATIVES)}\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}"
_CONTAINER_WORDS = rf"(?i:{alternation(PLACE_DIVISIONS)})"
_POSSESSIVE_PLACE = re.compile(
    r"\b([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)['’]s\s+([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+" + _CONTAINER_WORDS
)
_DEMONYM_TERRITORY = re.compile(rf"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+{alternation(TERRITORY_WORDS)}\b")


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
    if pair.similarity < PLACE_THRESHOLD:
        return None
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
        f"The same event is placed in different countries: “{mention_a}” ({place_a.name}, "
        f"{gazetteer.country_name(place_a.country)}) in {a.article}, “{mention_b}” ({place_b.name}, "
        f"{gazetteer.country_name(place_b.country)}) in {b.article}, by the geonames gazetteer.",
        [[a], [b]],
    )


_NAMED_LOCATION = re.compile(
    r"((?:[\w-]+\s+){1,2})(?:in|at|to)\s+(?:the\s+)?(?:neighbouring\s+|nearby\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})"
)


def _singular_stems(text: str) -> set[str]:
    return {stem(word) for word in text.split() if singular(word) == word.lower() and content_stems(word)} - {
        "people"
    }


def _calendar_word(name: str) -> bool:
    first = name.split()[0].title()
    return first in MONTHS or first in WEEKDAYS


def _local_place_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    """One thing ("the plant", "driven") put at two differently named places the gazetteer does not know.

    A place it does not know is never set against one it knows: "an island in Lake X" and "an island in
    Sweden" may be one place."""
    a, b = pair.a.claim, pair.b.claim
    for at_a in _unknown_locations(a.statement, gazetteer):
        for at_b in _unknown_locations(b.statement, gazetteer):
            if at_a.keys & at_b.keys:
                continue
            if at_a.place_key == at_b.place_key:
                continue  # one place spelled two ways
            if not at_a.things & at_b.things:
                continue  # plural things ("commuters in X", "commuters in Y") can be in two places
            return _Finding(
                "place_finding",
                "place",
                "medium",
                round(min(0.75, 0.3 + pair.similarity), 2),
                f"The same thing is placed at “{at_a.name}” by {a.article} and at “{at_b.name}” by {b.article}.",
                [[a], [b]],
                {a.id: at_a.words, b.id: at_b.words},
            )
    return None


@dataclass(frozen=True)
class _Location:
    """A thing put at a named place, read once per statement: a claim is in many candidate pairs."""

    words: str
    name: str
    keys: frozenset[str]
    """Spelling keys of the name's words."""
    place_key: str
    things: frozenset[str]
    """Singular stems of the words before the preposition: what is put there."""


@functools.lru_cache(maxsize=65536)
def _unknown_locations(statement: str, gazetteer: Gazetteer) -> tuple[_Location, ...]:
    """The statement's named locations that are places the gazetteer does not know ("in April" is a time; a
    known place is compared by country, and an unknown one may lie inside it)."""
    return tuple(
        _Location(
            words=match.group(0),
            name=name,
            keys=frozenset(spelling_key(w) for w in name.split()),
            place_key=local_place_key(name),
            things=frozenset(_singular_stems(match.group(1))),
        )
        for match in _NAMED_LOCATION.finditer(statement)
        if not _calendar_word(name := match.group(2)) and not gazetteer.lookup(name)
    )


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
        reference = (
            f" The gazetteer (ISO 3166-2) places it in {gazetteer.country_name(region.country)}."
            if region
            else ""
        )
        owners = "; ".join(
            f"{country} in {', '.join(distinct(c.article for c in cs))}" for country, cs in by_country.items()
        )
        findings.append(
            _Finding(
                "container_conflicts",
                "place",
                "high",
                0.85,
                f"Articles disagree on which country {names[key]} belongs to: {owners}.{reference}",
                list(by_country.values()),
                {c.id: f"{country}\u2019s {names[key]}" for country, cs in by_country.items() for c in cs},
            )
        )
    return findings
