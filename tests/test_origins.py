from __future__ import annotations

from factdiff.models import Article
from factdiff.origins import origin_of, shared_origins

WIRE = (
    "The regional council approved the new harbour budget on Monday after a long debate about "
    "dredging costs, tourist fees and the future of the old fish market near the ferry terminal."
)


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text=text)


def test_rewrite_of_wire_copy_shares_an_origin():
    articles = [
        _article("a", WIRE),
        _article("b", "Local edition. " + WIRE.replace("Monday", "Monday evening") + " More soon."),
        _article(
            "c", "Fishermen protested outside the town hall, saying the market plan ignores them entirely."
        ),
    ]
    origins = shared_origins(articles)
    assert [origin.articles for origin in origins] == [["a", "b"]]
    assert origin_of(articles, origins) == {"a": "a", "b": "a", "c": "c"}


def test_independent_reports_of_one_event_do_not():
    articles = [
        _article("a", WIRE),
        _article(
            "b",
            "Councillors voted to fund dredging of the harbour; the fish market will move, a spokesman said.",
        ),
    ]
    assert shared_origins(articles) == []
