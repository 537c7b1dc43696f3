"""Cutting long articles into pieces a model can read and answer in full.

Pieces end at sentence boundaries so no claim is cut in half, overlap a little
so a claim that leans on the previous sentence still has it, and keep their
offsets in the whole article so evidence found in a piece points into the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdiff.llm.tokens import count_tokens

CHUNK_TOKENS = 6000
"""Article tokens per extraction call: most articles fit whole, and the answer still fits the output limit."""
OVERLAP_TOKENS = 150

_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+|\n\s*")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    """`text == article_text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    tokens: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Contiguous spans covering all of `text`, each a sentence with its trailing whitespace."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _hard_split(text: str, start: int, end: int, max_tokens: int, model: str) -> list[_Piece]:
    """A sentence longer than a whole chunk is cut at whitespace; a rare last resort."""
    tokens = count_tokens(text[start:end], model)
    if tokens <= max_tokens:
        return [_Piece(start, end, tokens)]
    middle = _middle_cut(start, end, [m.end() for m in _WHITESPACE.finditer(text, start, end)])
    if middle is None:
        return [_Piece(start, end, tokens)]
    return _hard_split(text, start, middle, max_tokens, model) + _hard_split(
        text, middle, end, max_tokens, model
    )


def _middle_cut(start: int, end: int, cuts: list[int]) -> int | None:
    inside = [cut for cut in cuts if start < cut < end]
    if not inside:
        return None
    middle = (start + end) / 2
    return min(inside, key=lambda cut: abs(cut - middle))


def split_article(text: str, *, max_tokens: int, overlap_tokens: int, model: str) -> list[Chunk]:
    """One chunk when the text fits in `max_tokens`, else overlapping chunks at sentence boundaries."""
    if count_tokens(text, model) <= max_tokens:
        return [Chunk(0, len(text), text)]
    pieces = [
        piece
        for start, end in sentence_spans(text)
        for piece in _hard_split(text, start, end, max_tokens, model)
    ]
    chunks = []
    first = 0
    while first < len(pieces):
        last = first
        used = pieces[first].tokens
        while last + 1 < len(pieces) and used + pieces[last + 1].tokens <= max_tokens:
            last += 1
            used += pieces[last].tokens
        start, end = pieces[first].start, pieces[last].end
        chunks.append(Chunk(start, end, text[start:end]))
        if last + 1 == len(pieces):
            break
        # step back over trailing sentences for the overlap, but always move forward
        next_first = last + 1
        overlap = 0
        while next_first - 1 > first and overlap + pieces[next_first - 1].tokens <= overlap_tokens:
            next_first -= 1
            overlap += pieces[next_first].tokens
        first = next_first
    return chunks


def split_in_two(text: str, chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """Halves of a chunk whose answer was too long, cut at the sentence boundary nearest the middle.

    None when the chunk is a single unbreakable word: there is nothing left to split.
    """
    boundaries = [chunk.start + end for _, end in sentence_spans(chunk.text)]
    cut = _middle_cut(chunk.start, chunk.end, boundaries)
    if cut is None:
        words = [chunk.start + m.end() for m in _WHITESPACE.finditer(chunk.text)]
        cut = _middle_cut(chunk.start, chunk.end, words)
    if cut is None:
        return None
    return Chunk(chunk.start, cut, text[chunk.start : cut]), Chunk(cut, chunk.end, text[cut : chunk.end])
