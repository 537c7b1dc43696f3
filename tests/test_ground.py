from factdiff.ground import ground_claims
from factdiff.models import Article, Claim, Span

TEXT = (
    "The mayor said the bridge will reopen in June.\n"
    "Engineers found   cracks in two “support” pillars last week.\n"
    "The mayor said the bridge will reopen in June."
)
ARTICLE = Article(id="a", path="a.txt", text=TEXT)


def _claim(quote: str, start: int, claim_id: str = "a#c1") -> Claim:
    span = Span(article="a", start=start, end=start + len(quote), quote=quote)
    return Claim(id=claim_id, article="a", statement=quote, evidence=[span])


def _only_span(claims: list[Claim]) -> Span:
    assert len(claims) == 1 and len(claims[0].evidence) == 1
    return claims[0].evidence[0]


def test_correct_span_is_kept_unchanged():
    quote = "Engineers found   cracks"
    start = TEXT.index(quote)
    kept, dropped = ground_claims(ARTICLE, [_claim(quote, start)])
    assert dropped == 0
    assert _only_span(kept) == Span(article="a", start=start, end=start + len(quote), quote=quote)


def test_wrong_offset_moves_to_nearest_occurrence():
    quote = "The mayor said the bridge will reopen in June."
    second = TEXT.rindex(quote)
    kept, _ = ground_claims(ARTICLE, [_claim(quote, second - 5)])
    span = _only_span(kept)
    assert (span.start, span.end) == (second, second + len(quote))
    kept, _ = ground_claims(ARTICLE, [_claim(quote, 3)])
    assert _only_span(kept).start == 0


def test_whitespace_and_quote_marks_are_normalised():
    kept, dropped = ground_claims(ARTICLE, [_claim('found cracks in two "support" pillars', 0)])
    span = _only_span(kept)
    assert dropped == 0
    assert span.quote == "found   cracks in two “support” pillars"
    assert TEXT[span.start : span.end] == span.quote


def test_fuzzy_match_replaces_quote_with_article_text():
    kept, dropped = ground_claims(ARTICLE, [_claim("Engineers fuond cracks in two", 999)])
    span = _only_span(kept)
    assert dropped == 0
    assert TEXT[span.start : span.end] == span.quote
    assert span.quote.startswith("Engineers") and "cracks" in span.quote


def test_unlocatable_spans_and_claims_are_dropped():
    good = _claim("bridge will reopen", 0, "a#c1")
    bad = _claim("The governor resigned over the scandal", 0, "a#c2")
    mixed = good.model_copy(update={"id": "a#c3", "evidence": good.evidence + bad.evidence})
    kept, dropped = ground_claims(ARTICLE, [good, bad, mixed])
    assert dropped == 1
    assert [claim.id for claim in kept] == ["a#c1", "a#c3"]
    assert len(kept[1].evidence) == 1


def test_short_quotes_are_not_matched_fuzzily():
    kept, dropped = ground_claims(ARTICLE, [_claim("Jnue", 0)])
    assert (kept, dropped) == ([], 1)
