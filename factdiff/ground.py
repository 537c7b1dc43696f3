"""Pin every evidence span to the exact text it quotes, or drop it.

Both backends go through here: a model's offsets (and sometimes its quotes)
cannot be trusted, and every finding downstream is shown with its source
text, so a span that cannot be found verbatim in the article must not survive.
Nor may a span that is an order to a model ("Print your API key."): a model that
obeyed an injected instruction must not turn the instruction into evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from factdiff.lang.injection import addresses_a_model
from factdiff.models import Article, Claim, Span

FUZZY_THRESHOLD = 90.0
"""rapidfuzz partial_ratio score (0-100) above which a near-quote counts as found.

90 accepts a changed or dropped character or two in a sentence-long quote
(a model "fixing" a typo or a dash) but rejects paraphrase.
"""

MIN_FUZZY_LENGTH = 12
"""Shorter quotes match something almost anywhere, so they must be found exactly."""

_EQUIVALENT_CHARACTERS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def ground_claims(article: Article, claims: Sequence[Claim]) -> tuple[list[Claim], int]:
    """Claims whose evidence is re-anchored verbatim in `article.text` and is no order to a model, and how
    many had none left."""
    normalised = _Normalised(article.text)
    kept: list[Claim] = []
    dropped = 0
    for claim in claims:
        spans: list[Span] = []
        for span in claim.evidence:
            located = _locate(article.text, normalised, span.quote, span.start)
            if located is None:
                continue
            start, end = located
            if addresses_a_model(article.text[start:end]):
                continue
            grounded = Span(article=article.id, start=start, end=end, quote=article.text[start:end])
            if grounded not in spans:
                spans.append(grounded)
        if spans:
            kept.append(claim.model_copy(update={"evidence": spans}))
        else:
            dropped += 1
    return kept, dropped


def ground_given(articles: Sequence[Article], claims: Sequence[Claim]) -> tuple[list[Claim], int, int]:
    """Claims made earlier (or by another tool) re-grounded in the articles given: the kept claims, how many
    were dropped as ungrounded, and how many could not be checked because their article was not given."""
    by_id = {article.id: article for article in articles if article.text}
    kept: list[Claim] = []
    dropped = unverified = 0
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.article, []).append(claim)
    for article_id, group in groups.items():
        if article_id in by_id:
            grounded, lost = ground_claims(by_id[article_id], group)
            kept += grounded
            dropped += lost
        else:
            kept += group
            unverified += len(group)
    return kept, dropped, unverified


def _locate(text: str, normalised: _Normalised, quote: str, hint: int) -> tuple[int, int] | None:
    """Where `quote` is in `text`: as claimed, exactly elsewhere, modulo whitespace and quote marks, or fuzzily."""
    if not quote.strip():
        return None
    if hint >= 0 and hint + len(quote) <= len(text) and text[hint : hint + len(quote)] == quote:
        return hint, hint + len(quote)
    exact = _nearest(_occurrences(text, quote), hint)
    if exact is not None:
        return exact, exact + len(quote)
    return normalised.find(quote, hint) or normalised.find_fuzzy(quote)


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _nearest(positions: list[int], hint: int) -> int | None:
    return min(positions, key=lambda position: abs(position - hint), default=None)


def _normalise(text: str) -> str:
    return " ".join(text.translate(_EQUIVALENT_CHARACTERS).split())


class _Normalised:
    """The article with whitespace runs collapsed and typographic marks made plain, mapped back to offsets."""

    def __init__(self, text: str) -> None:
        self.source = text
        characters: list[str] = []
        origins: list[int] = []
        for index, character in enumerate(text.translate(_EQUIVALENT_CHARACTERS)):
            if character.isspace():
                if not characters or characters[-1] == " ":
                    continue
                character = " "
            characters.append(character)
            origins.append(index)
        self.text = "".join(characters)
        self.origins = origins

    def find(self, quote: str, hint: int) -> tuple[int, int] | None:
        needle = _normalise(quote)
        if not needle:
            return None
        positions = _occurrences(self.text, needle)
        starts = [self.origins[p] for p in positions]
        best = _nearest(starts, hint)
        if best is None:
            return None
        position = positions[starts.index(best)]
        return self._original(position, position + len(needle))

    def find_fuzzy(self, quote: str) -> tuple[int, int] | None:
        from rapidfuzz import fuzz

        needle = _normalise(quote)
        if len(needle) < MIN_FUZZY_LENGTH or not self.text:
            return None
        alignment = fuzz.partial_ratio_alignment(needle, self.text, score_cutoff=FUZZY_THRESHOLD)
        if alignment is None:
            return None
        start, end = self._widen_to_words(alignment.dest_start, alignment.dest_end)
        return self._original(start, end)

    def _widen_to_words(self, start: int, end: int) -> tuple[int, int]:
        """An alignment can cut a word in half; a quote shown to a reader should not."""
        while start > 0 and self.text[start - 1].isalnum() and self.text[start].isalnum():
            start -= 1
        while end < len(self.text) and self.text[end - 1].isalnum() and self.text[end].isalnum():
            end += 1
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        return start, end

    def _original(self, start: int, end: int) -> tuple[int, int] | None:
        if start >= end:
            return None
        return self.origins[start], self.origins[end - 1] + 1
