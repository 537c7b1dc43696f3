"""Group claims from different articles into facts.

Claims are first reduced to normalised content tokens: stop and reporting
words dropped, light stemming, people reduced to a surname spelling key and
places to their gazetteer entry, so "Zelenskyy detained" and "Zelensky
captured" meet. Pairs are only scored when they share a *block*: a rare token,
an entity key or a quantity unit. Blocks used by too many claims carry no
signal and are skipped. A block larger than `FULL_BLOCK` (a name most claims of a
big story carry) pairs each member only with its `WINDOW` next members, so the
candidates of a claim stay bounded however large the story grows. Of the pairs
scored, a claim keeps its `MAX_PAIRS` best for the diff checks.

Pair similarity mixes an IDF-weighted token overlap with rapidfuzz's
token-sort ratio. Pairs at `FACT_THRESHOLD` or above are linked into facts;
pairs at `CANDIDATE_THRESHOLD` or above are kept as candidates for the diff
checks, which need claims about the same thing that may still disagree.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from factdiff.lang.lexicon import (
    FUNCTION_WORDS,
    HONORIFICS,
    ONES,
    PEOPLE_NOUNS,
    SET_PHRASES,
    UNINFORMATIVE_WORDS,
    WORD_FAMILIES,
)
from factdiff.models import Claim, Fact
from factdiff.normalize import (
    Gazetteer,
    distinct,
    fold,
    person_name,
    shared_gazetteer,
    spelling_key,
    unit_stem,
)

FACT_THRESHOLD = 0.5
CANDIDATE_THRESHOLD = 0.22
MAX_BLOCK_SHARE = 0.25
"""A block key used by more than this share of claims (and more than a handful) is too common to block on."""
FULL_BLOCK = 40
"""A block of up to this many claims is scored pair by pair; a larger one only within `WINDOW`."""
WINDOW = FULL_BLOCK // 2
"""Each member of a large block is scored against this many members after it (and so as many before)."""
MAX_PAIRS = 24
"""Candidate pairs kept per claim, best first: every pair costs the diff checks, and a claim that resembles
dozens of others (a big story's main fact) says nothing more in its 25th pair. Facts link all pairs."""
SHARED_AMOUNT_BONUS = 0.2
"""Added to the similarity of two claims that state the same count of the same unit ("300 residents")."""

_STOPWORDS = FUNCTION_WORDS | UNINFORMATIVE_WORDS | HONORIFICS
"""Words that say nothing about which fact a claim states."""

_IDIOMS = tuple((re.compile(pattern, re.IGNORECASE), meaning) for pattern, meaning in SET_PHRASES)


def stem(word: str) -> str:
    """The dictionary lemma (lemminflect's, so died/dies/dying meet), then the word family.

    An inflected form takes the lemma of its own part of speech: plurals in -s
    their noun ("lives" -> life), other forms their verb ("broke" -> break,
    "running" -> run).
    Words no dictionary knows (names) are only folded.
    """
    word = fold(re.sub(r"['’]s?$", "", word))
    lemma = _lemma(word)
    if lemma in PEOPLE_NOUNS:
        return "people"
    return WORD_FAMILIES.get(lemma, lemma)


@functools.lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    for pos in ("NOUN", "VERB") if word.endswith("s") else ("VERB", "NOUN"):
        if lemmas.get(pos) and lemmas[pos][0] != word:
            return _verb_of_noun(lemmas[pos][0]) if pos == "NOUN" else lemmas[pos][0]
    # adjective and adverb lemmas mislead: "number" is not "numb", "least" not "less"
    return _verb_of_noun(word)


def _verb_of_noun(noun: str) -> str:
    """The verb an action noun is made from, when the dictionary knows it: inspection -> inspect,
    evacuation -> evacuate, payment -> pay. "Was inspected" and "the inspection" then meet."""
    from lemminflect import getAllLemmas

    for suffix in ("ion", "ment"):
        if noun.endswith(suffix) and len(noun) > len(suffix) + 3:
            root = noun[: -len(suffix)]
            for verb in (root, root + "e") if len(root) >= 5 else (root,):  # not station -> state
                if getAllLemmas(verb).get("VERB", ())[:1] == (verb,):
                    return verb
    return noun


@dataclass
class ClaimView:
    """A claim reduced to what alignment compares."""

    claim: Claim
    tokens: list[str]
    entities: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    amounts: set[tuple[float, str]] = field(default_factory=set)
    """(value, unit stem) of every counted quantity: one count of one thing is strong evidence of one fact."""

    @functools.cached_property
    def token_set(self) -> frozenset[str]:
        """Computed once: every pair the claim is scored in asks for it."""
        return frozenset(self.tokens)

    @functools.cached_property
    def text(self) -> str:
        return " ".join(sorted(self.token_set))


@dataclass
class CandidatePair:
    a: ClaimView
    b: ClaimView
    similarity: float


@dataclass
class Alignment:
    facts: list[Fact]
    fact_of: dict[str, str]
    """Claim id -> fact id."""
    pairs: list[CandidatePair]
    """Cross-article pairs that shared a block and scored at least `CANDIDATE_THRESHOLD`, best first, at most
    `MAX_PAIRS` per claim."""
    views: dict[str, ClaimView]
    keys: EntityKeys
    """The corpus's entity keys, for checks that must name an entity the way the views do."""
    idf: dict[str, float]

    def similarity(self, a: ClaimView, b: ClaimView) -> float:
        """The score `align` would give the pair, for pairs found some other way."""
        return similarity(a, b, self.idf)


class EntityKeys:
    """Entity keys for one corpus: a person is its surname spelling key, a place its gazetteer entry."""

    def __init__(self, claims: Sequence[Claim], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._people: dict[str, str] = {}
        self._places: dict[str, str] = {}
        for claim in claims:
            for entity in claim.entities:
                if entity.kind == "person":
                    self._add_person(entity.text)
                elif entity.kind == "place":
                    self._add_place(entity.text)
            for place in claim.places:
                self._add_place(place)
            if claim.speaker:
                self._add_person(claim.speaker)

    def _add_person(self, mention: str) -> None:
        if self.gazetteer.lookup(mention) is not None:
            return
        for word in person_name(mention).split()[-1:]:
            key = spelling_key(word)
            if len(key) >= 3:
                self._people[fold(word)] = "person:" + key

    def _add_place(self, mention: str) -> None:
        place = self.gazetteer.lookup(mention)
        for word in re.findall(r"[\w'’-]+", mention):
            if word[:1].isupper() and place is not None:
                self._places[fold(word)] = f"place:{place.country}:{fold(place.name)}"

    def key(self, word: str) -> str | None:
        folded = fold(re.sub(r"['’]s$", "", word))
        if folded in self._places:
            return self._places[folded]
        if folded in self._people:
            return self._people[folded]
        key = spelling_key(folded)
        return next(
            (value for value in self._people.values() if value == "person:" + key and len(key) >= 4), None
        )


def plain(text: str) -> str:
    """The text with set phrases replaced by the word they mean."""
    for idiom, meaning in _IDIOMS:
        text = idiom.sub(meaning, text)
    return text


@functools.lru_cache(maxsize=65536)
def content_stems(text: str) -> frozenset[str]:
    """Stemmed content words of a piece of text, stop and reporting words left out.

    Cached: every check, the briefing and the story grouping ask again for the same sentences."""
    words = re.findall(r"[^\W\d_]+", plain(text))
    return frozenset(stem(word) for word in words if fold(word) not in _STOPWORDS and len(word) > 1)


def _keyed_words(text: str, keys: EntityKeys) -> list[str]:
    """Content words of `text` as alignment compares them: entity keys for names, stems for the rest."""
    words: list[str] = []
    for word in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", plain(text)):
        entity = keys.key(word) if word[:1].isupper() else None
        if entity:
            words.append(entity)
        elif not _function_word(word) and fold(word) not in ONES and not word.isdigit() and len(word) > 1:
            words.append(stem(word))
    return words


def _function_word(word: str) -> bool:
    """A stopword, also when contracted: "it's", "we'll", "don't" and "can't" say no more than "it" or "do"."""
    folded = fold(word).replace("’", "'")
    return folded.endswith("n't") or re.split("'", folded, maxsplit=1)[0] in _STOPWORDS


def view(claim: Claim, keys: EntityKeys) -> ClaimView:
    """The claim's words, plus those of its subject: an extractor may name the subject the statement only implies."""
    tokens = _keyed_words(claim.statement, keys)
    tokens += [word for word in _keyed_words(claim.subject or "", keys) if word not in tokens]
    entities = {token for token in tokens if ":" in token}
    units = {unit for quantity in claim.quantities if (unit := unit_stem(quantity.unit))}
    amounts = {
        (quantity.value, unit)
        for quantity in claim.quantities
        if quantity.value is not None and (unit := unit_stem(quantity.unit))
    }
    return ClaimView(claim=claim, tokens=tokens, entities=entities, units=units, amounts=amounts)


def _idf(views: Sequence[ClaimView]) -> dict[str, float]:
    counts: dict[str, int] = defaultdict(int)
    for item in views:
        for token in set(item.tokens):
            counts[token] += 1
    return {token: math.log((1 + len(views)) / (1 + count)) + 1 for token, count in counts.items()}


def _weight(tokens: frozenset[str], idf: dict[str, float]) -> float:
    # fsum: exact whatever the set's order, so scores (and ties) do not depend on string hashing
    return math.fsum(idf.get(token, 1.0) for token in tokens)


def similarity(a: ClaimView, b: ClaimView, idf: dict[str, float]) -> float:
    """IDF-weighted overlap (over the smaller claim, damped by the larger) blended with rapidfuzz token sort."""
    return _similarity(a, b, idf, _weight(a.token_set, idf), _weight(b.token_set, idf))


def _similarity(a: ClaimView, b: ClaimView, idf: dict[str, float], weight_a: float, weight_b: float) -> float:
    """`similarity` with each claim's own weight given: `align` weighs a claim once, not once per pair."""
    from rapidfuzz import fuzz

    if not a.tokens or not b.tokens:
        return 0.0
    overlap = _weight(a.token_set & b.token_set, idf) / math.sqrt(weight_a * weight_b)
    shared_amount = SHARED_AMOUNT_BONUS if a.amounts & b.amounts else 0.0
    return round(
        min(1.0, 0.75 * overlap + 0.25 * fuzz.token_sort_ratio(a.text, b.text) / 100 + shared_amount), 4
    )


def _blocks(views: Sequence[ClaimView]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(views):
        for key in {*item.tokens, *item.entities, *("unit:" + unit for unit in item.units)}:
            blocks[key].append(index)
    limit = max(6, int(MAX_BLOCK_SHARE * len(views)))
    return {key: members for key, members in blocks.items() if 2 <= len(members) <= limit}


def _partners(views: Sequence[ClaimView]) -> Iterator[set[int]]:
    """For each claim in turn, the later claims it shares a block with: all of a block up to `FULL_BLOCK`
    members, the next `WINDOW` of a larger one. Made one claim at a time, so no set of all pairs is kept."""
    places: list[list[tuple[list[int], int]]] = [[] for _ in views]
    for members in _blocks(views).values():
        for position, index in enumerate(members):
            places[index].append((members, position))
    for found in places:
        yield {
            member
            for members, position in found
            for member in members[
                position + 1 : len(members) if len(members) <= FULL_BLOCK else position + 1 + WINDOW
            ]
        }


def align(
    claims: Sequence[Claim],
    gazetteer: Gazetteer | None = None,
    fact_threshold: float = FACT_THRESHOLD,
    candidate_threshold: float = CANDIDATE_THRESHOLD,
) -> Alignment:
    """Facts (connected claims across articles, single-claim facts included) and scored candidate pairs."""
    keys = EntityKeys(claims, gazetteer or shared_gazetteer())
    views = [view(claim, keys) for claim in claims]
    idf = _idf(views)
    weights = [_weight(item.token_set, idf) for item in views]
    pairs: list[tuple[int, int, float]] = []
    for i, later in enumerate(_partners(views)):
        for j in later:
            if views[i].claim.article != views[j].claim.article:
                score = _similarity(views[i], views[j], idf, weights[i], weights[j])
                if score >= candidate_threshold:
                    pairs.append((i, j, score))
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    parent = list(range(len(views)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, score in pairs:
        if score >= fact_threshold:
            parent[max(root(i), root(j))] = min(root(i), root(j))
    kept: list[CandidatePair] = []
    taken = [0] * len(views)
    for i, j, score in pairs:
        if taken[i] < MAX_PAIRS and taken[j] < MAX_PAIRS:
            taken[i] += 1
            taken[j] += 1
            kept.append(CandidatePair(views[i], views[j], score))
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(views)):
        groups[root(index)].append(index)
    facts: list[Fact] = []
    fact_of: dict[str, str] = {}
    for number, members in enumerate(sorted(groups.values(), key=min), start=1):
        fact_id = f"F{number}"
        member_claims = [claims[i] for i in members]
        facts.append(
            Fact(
                id=fact_id,
                statement=member_claims[0].statement,
                claims=[claim.id for claim in member_claims],
                articles=distinct(claim.article for claim in member_claims),
            )
        )
        fact_of.update({claim.id: fact_id for claim in member_claims})
    by_id = {item.claim.id: item for item in views}
    return Alignment(
        facts=facts,
        fact_of=fact_of,
        pairs=kept,
        views=by_id,
        keys=keys,
        idf=idf,
    )
