"""Long articles cut at sentence boundaries, with offsets that point into the whole article."""

from __future__ import annotations

import pytest

from factdiff.llm.chunking import Chunk, sentence_spans, split_article, split_in_two
from factdiff.llm.tokens import count_tokens

MODEL = "gpt-4.1-mini"
LONG = " ".join(
    f"Witness {n} said the fire reached the {n}th warehouse before {n % 12 + 1} o'clock." for n in range(60)
)


def test_sentence_spans_cover_the_text_without_gaps():
    text = 'He said "stop!" Then he left.\n\nNext paragraph? Yes. trailing'

    spans = sentence_spans(text)

    assert "".join(text[s:e] for s, e in spans) == text
    assert [text[s:e].strip() for s, e in spans] == [
        'He said "stop!"',
        "Then he left.",
        "Next paragraph?",
        "Yes.",
        "trailing",
    ]


def test_short_article_is_one_chunk():
    text = "A short article. Two sentences."

    assert split_article(text, max_tokens=100, overlap_tokens=10, model=MODEL) == [Chunk(0, len(text), text)]


@pytest.mark.parametrize("overlap", [0, 25])
def test_long_article_chunks_fit_the_budget_end_at_sentences_and_cover_everything(overlap):
    chunks = split_article(LONG, max_tokens=60, overlap_tokens=overlap, model=MODEL)

    assert len(chunks) > 5
    assert chunks[0].start == 0
    assert chunks[-1].end == len(LONG)
    for chunk in chunks:
        assert chunk.text == LONG[chunk.start : chunk.end]
        assert count_tokens(chunk.text, MODEL) <= 60
        assert chunk.text.rstrip().endswith(".")
    for previous, following in zip(chunks, chunks[1:], strict=False):
        assert following.start > previous.start
        if overlap:
            assert following.start < previous.end
        else:
            assert following.start == previous.end


def test_a_sentence_longer_than_a_chunk_is_cut_at_whitespace():
    text = "word " * 400 + "end."

    chunks = split_article(text, max_tokens=50, overlap_tokens=0, model=MODEL)

    assert "".join(chunk.text for chunk in chunks) == text
    assert all(count_tokens(chunk.text, MODEL) <= 50 for chunk in chunks)
    assert all(chunk.text.startswith("word") or chunk.text == "end." for chunk in chunks)


def test_split_in_two_cuts_at_the_sentence_nearest_the_middle():
    text = "Intro line. " + LONG
    chunk = Chunk(12, len(text), text[12:])

    first, second = split_in_two(text, chunk)

    assert (first.start, first.end, second.start, second.end) == (12, second.start, first.end, len(text))
    assert first.text + second.text == chunk.text
    assert first.text.rstrip().endswith(".")
    assert abs(len(first.text) - len(second.text)) < 0.1 * len(chunk.text)


def test_split_in_two_falls_back_to_words_and_gives_up_on_one_word():
    text = "one two three four"

    first, second = split_in_two(text, Chunk(0, len(text), text))

    assert first.text + second.text == text
    assert split_in_two("unbreakable", Chunk(0, 11, "unbreakable")) is None
