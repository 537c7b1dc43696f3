from __future__ import annotations

from collections import Counter

from factdiff.align import MAX_PAIRS, WINDOW, _partners, align, view
from factdiff.models import Claim, Entity, Quantity, Span


def claim(article: str, n: int, text: str, **fields) -> Claim:
    return Claim(
        id=f"{article}#c{n}",
        article=article,
        statement=text,
        evidence=[Span(article=article, start=0, end=len(text), quote=text)],
        **fields,
    )


def test_paraphrases_with_name_variants_form_one_fact():
    claims = [
        claim(
            "a",
            1,
            "Mayor Ivan Petrenko opened the new harbour bridge on Monday.",
            entities=[Entity(text="Ivan Petrenko", kind="person")],
        ),
        claim(
            "b",
            1,
            "Petrenkko opened the harbour bridge on Monday, officials said.",
            entities=[Entity(text="Petrenkko", kind="person")],
        ),
        claim("b", 2, "Rain is expected across the coast this weekend."),
    ]
    alignment = align(claims)
    fact = alignment.facts[0]
    assert fact.claims == ["a#c1", "b#c1"]
    assert fact.articles == ["a", "b"]
    assert alignment.fact_of["b#c2"] != fact.id


def test_same_topic_different_facts_stay_apart():
    claims = [
        claim(
            "a",
            1,
            "Two foreign fighters were captured by the army near the border.",
            quantities=[Quantity(text="Two foreign fighters", value=2, unit="fighters")],
        ),
        claim(
            "b",
            1,
            "At least 155 foreign fighters are serving with the rebels, the minister said.",
            quantities=[
                Quantity(
                    text="At least 155 foreign fighters", value=155, qualifier="at_least", unit="fighters"
                )
            ],
        ),
    ]
    alignment = align(claims)
    assert len(alignment.facts) == 2


def test_only_pairs_sharing_a_block_are_scored():
    claims = [
        claim("a", 1, "The council approved the budget."),
        claim("b", 1, "Storms closed three airports overnight."),
    ]
    assert align(claims).pairs == []


def test_claims_of_one_article_are_never_paired():
    claims = [
        claim("a", 1, "The council approved the harbour budget."),
        claim("a", 2, "The council approved the harbour budget again."),
    ]
    alignment = align(claims)
    assert alignment.pairs == []
    assert len(alignment.facts) == 2


def test_a_subject_the_statement_only_implies_pairs_claims_that_share_no_other_word():
    filler = [claim("c", n, text) for n, text in enumerate(["Rain fell all day.", "Schools opened late."], 1)]
    listed = "Eight cars, a van and a bus went into the river."
    without = [claim("a", 1, "At least 14 vehicles dropped into the river."), claim("b", 1, listed), *filler]
    with_subject = [without[0], claim("b", 1, listed, subject="vehicles"), *filler]

    def score(claims: list[Claim]) -> float:
        return next(
            (p.similarity for p in align(claims).pairs if {p.a.claim.id, p.b.claim.id} == {"a#c1", "b#c1"}),
            0.0,
        )

    assert score(with_subject) > score(without) + 0.1


def _word(n: int) -> str:
    """A made-up word of its own for each n, so filler claims share no block."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not n:
            return "zq" + letters


def test_candidate_pairs_per_claim_stay_bounded_when_many_articles_say_the_same():
    articles = 300
    claims = []
    for a in range(articles):
        claims.append(claim(f"a{a}", 0, "The harbour bridge collapsed on Monday evening."))
        claims += [claim(f"a{a}", k, f"Residents saw {_word(a * 10 + k)} nearby.") for k in range(1, 5)]
    alignment = align(claims)
    per_claim = Counter(
        claim_id for pair in alignment.pairs for claim_id in (pair.a.claim.id, pair.b.claim.id)
    )
    assert max(per_claim.values()) <= MAX_PAIRS < articles - 1  # all 299 others without the bound
    assert len({alignment.fact_of[f"a{a}#c0"] for a in range(articles)}) == 1  # still one fact
    scored = [len(later) for later in _partners([view(c, alignment.keys) for c in claims])]
    assert max(scored) <= WINDOW < articles - 1  # similarity is computed for a bounded number of pairs
