"""What the articles add and share besides contradictions: unique details, consensus and name variants.

A unique detail is a claim that restates no other article's claim and either
carries a number, name or date no other article mentions, or `NOVEL_WORDS`
content words none has, or resembles no other article's claim at all (best
similarity under `ALONE_BELOW`). Consensus groups claims two or more independent articles
make alike, and a claim joins a group only if it agrees with every member,
so a chain of loosely linked claims never becomes one agreement. Name
variants are entities spelled differently across articles (transliterations,
alternate place names), grouped by surname, gazetteer key or the spelling
keys of all words, so they are reported here and never as disagreements.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import cast

from factdiff.align import FACT_THRESHOLD, Alignment, content_stems
from factdiff.diff._context import _counterpart
from factdiff.diff._speakers import _is_person
from factdiff.lang.lexicon import PRE_NAME_WORDS
from factdiff.models import (
    Claim,
    Consensus,
    Contradiction,
    EntityKind,
    NameVariant,
    NameVariantForm,
    Span,
    UniqueDetail,
)
from factdiff.normalize import (
    Gazetteer,
    fold,
    local_place_key,
    person_name,
    place_core,
    quantities_compatible,
    spelling_key,
    strip_possessive,
)

UNIQUE_OVERLAP = 0.5
"""A claim this similar to another article's claim restates it: not reported by one article only."""
NOVEL_WORDS = 6
ALONE_BELOW = 0.35
DETAIL_WORDS = 5
"""A claim no other article's claim resembles (best similarity under `ALONE_BELOW`) is a detail when it
has this many content words: shorter ones are fragments."""
"""A claim with no new number, name or date is still a unique detail when this many of its content words
appear in no other article (a measure, an event the others never mention)."""


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
    best: dict[str, float] = defaultdict(float)
    for pair in alignment.pairs:
        for claim_id in (pair.a.claim.id, pair.b.claim.id):
            best[claim_id] = max(best[claim_id], pair.similarity)
    keys: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        keys[claim.article] |= _specifics(claim) | _all_name_keys(claim.statement)
        words[claim.article] |= content_stems(claim.statement)
    articles_with_key = Counter(key for found in keys.values() for key in found)
    articles_with_word = Counter(word for found in words.values() for word in found)
    details: list[UniqueDetail] = []
    for claim in claims:
        # a key or word of the claim's own article that no other article has is in that article only
        new_specifics = any(articles_with_key[key] == 1 for key in _specifics(claim))
        stems = content_stems(claim.statement)
        novel_words = sum(articles_with_word[word] == 1 for word in stems)
        alone = best[claim.id] < ALONE_BELOW and len(stems) >= DETAIL_WORDS
        if claim.id in restated or not (new_specifics or novel_words >= NOVEL_WORDS or alone):
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
    found: list[Consensus] = []
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
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_article[claim.article].append(claim)
    pairs: set[tuple[str, str]] = set()
    for contradiction in contradictions:
        sides = [
            {claim.id for span in side for claim in by_article[span.article] if _holds(claim, span)}
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
        mentions: list[tuple[tuple[str, ...], str]] = [
            ((kind, key), name)
            for mention, kind in _mentions(claim)
            if (key := _entity_key(name := _mention_name(mention, kind), kind, gazetteer))
        ]
        mentions += [
            (("other", *(spelling_key(word) for word in name.split())), name)
            for span in claim.evidence
            for name in _capitalised_names(span.quote)
        ]
        for group_key, name in mentions:
            if claim.article not in groups[group_key][name]:
                groups[group_key][name].append(claim.article)
    variants: list[NameVariant] = []
    reported: list[set[str]] = []
    # tagged entities first: their kind is known, so an untagged duplicate is the one dropped
    for (kind, *_), forms in sorted(groups.items(), key=lambda item: (item[0][0] == "other", item[0])):
        kept = {
            form: articles
            for form, articles in forms.items()
            if not any(other != form and _contains_words(other, form) for other in forms)
        }
        spellings = {re.sub(r"[.'’-]", "", form.casefold()) for form in kept}  # U.S. / US is no variant
        if len(spellings) < 2 or any(spellings <= seen for seen in reported):
            continue
        reported.append(spellings)
        canonical = max(kept, key=lambda form: (len(kept[form]), len(form), form))
        variants.append(
            NameVariant(
                id=f"N{len(variants) + 1}",
                canonical=canonical,
                kind=cast("EntityKind", kind),  # a tagged kind, or "other"
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
            capital = position > 0 and word[:1].isupper() and fold(word) not in PRE_NAME_WORDS
            if capital:
                run.append(word)
            if not capital or token[-1] in _NAME_PUNCTUATION:
                names += [" ".join(run)] if 2 <= len(run) <= 3 else []
                run = []
        names += [" ".join(run)] if 2 <= len(run) <= 3 else []
    return names


_NAME_PUNCTUATION = ',.;:!?"“”‘’()[]'


def _mentions(claim: Claim) -> list[tuple[str, str]]:
    mentions: list[tuple[str, str]] = [
        (e.text, e.kind) for e in claim.entities if e.kind in ("person", "place")
    ]
    mentions += [(place, "place") for place in claim.places]
    if claim.speaker and _is_person(claim.speaker):
        mentions.append((claim.speaker, "person"))
    return mentions


def _entity_key(name: str, kind: str, gazetteer: Gazetteer) -> str | None:
    if kind == "place":
        place = gazetteer.lookup(name)
        return f"{place.country}:{fold(place.name)}" if place else local_place_key(name)
    words = name.split()
    return spelling_key(words[-1]) if words and len(spelling_key(words[-1])) >= 3 else None


def _contains_words(longer: str, shorter: str) -> bool:
    """A surname-only mention spelled as in a full name is not a variant of it."""
    return (
        len(longer.split()) > len(shorter.split())
        and fold(shorter) in fold(longer).split()
        or (fold(longer).endswith(" " + fold(shorter)))
    )
