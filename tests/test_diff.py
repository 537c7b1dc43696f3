from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from factdiff.diff import diff
from factdiff.models import (
    Article,
    CandidateGroup,
    Claim,
    Entity,
    Quantity,
    RelatedClaims,
    Span,
    TimeRef,
    Verdict,
)
from factdiff.normalize import fold
from factdiff.offline.judge import OfflineJudge


def article(article_id: str, text: str, published: date | None = None) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text=text, published=published)


def corpus(texts: dict[str, list[tuple[str, dict]]], published: dict[str, date] | None = None):
    """Articles made of the given sentences, and one claim per sentence with true offsets."""
    articles, claims = [], []
    for article_id, sentences in texts.items():
        text = ""
        for n, (sentence, fields) in enumerate(sentences, start=1):
            start = len(text)
            text += sentence + " "
            claims.append(
                Claim(
                    id=f"{article_id}#c{n}",
                    article=article_id,
                    statement=sentence,
                    evidence=[
                        Span(article=article_id, start=start, end=start + len(sentence), quote=sentence)
                    ],
                    **fields,
                )
            )
        articles.append(article(article_id, text, (published or {}).get(article_id)))
    return articles, claims


class RecordingJudge:
    """Confirms proposals, calls undecided groups unrelated unless told to contradict them, and records them."""

    def __init__(self, related: Sequence[RelatedClaims] = (), contradict: str | None = None) -> None:
        self.groups: list[CandidateGroup] = []
        self.related = list(related)
        self.contradict = contradict

    def relate(self, claims: Sequence[Claim]) -> list[RelatedClaims]:
        return self.related

    def judge(self, groups: Sequence[CandidateGroup]) -> list[Verdict]:
        self.groups.extend(g for g in groups if g.proposal is None)
        return [
            Verdict(group=g.id, relation="contradict", kind=g.proposal.kind, reason="confirmed")
            if g.proposal
            else Verdict(
                group=g.id, relation="contradict", kind=self.contradict, reason="judged", confidence=0.9
            )
            if self.contradict
            else Verdict(group=g.id, relation="unrelated", reason="test")
            for g in groups
        ]


def people(text: str, value: float, qualifier: str = "exact") -> Quantity:
    return Quantity(text=text, value=value, qualifier=qualifier, unit=text.split()[-1])


def _arrest_counts() -> tuple[list[Article], list[Claim]]:
    return corpus(
        {
            "a": [
                (
                    "Police arrested six protesters outside the harbour office on Monday.",
                    {"quantities": [people("six protesters", 6)]},
                )
            ],
            "b": [
                (
                    "Police arrested two protesters outside the harbour office on Monday.",
                    {"quantities": [people("two protesters", 2)]},
                )
            ],
        }
    )


def test_incompatible_counts_of_one_event_are_a_number_contradiction():
    articles, claims = _arrest_counts()
    result = diff(articles, claims, RecordingJudge())
    [found] = result.contradictions
    assert found.kind == "number" and found.id == "C1"
    assert {span.article for side in found.sides for span in side} == {"a", "b"}
    for side in found.sides:
        for span in side:
            text = next(a.text for a in articles if a.id == span.article)
            assert text[span.start : span.end] == span.quote


def test_qualified_numbers_that_overlap_are_not_a_contradiction():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Police arrested at least six protesters outside the harbour office.",
                    {"quantities": [people("at least six protesters", 6, "at_least")]},
                )
            ],
            "b": [
                (
                    "Police arrested eight protesters outside the harbour office.",
                    {"quantities": [people("eight protesters", 8)]},
                )
            ],
        }
    )
    result = diff(articles, claims, RecordingJudge())
    assert result.contradictions == []
    assert len(result.consensus) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            (
                "Two foreign fighters were captured by the army near the border.",
                people("Two foreign fighters", 2),
            ),
            (
                "At least 155 foreign fighters are serving with the rebels.",
                people("At least 155 foreign fighters", 155, "at_least"),
            ),
            id="different facts with different numbers",
        ),
        pytest.param(
            (
                "The army captured two Kenyan soldiers near the river crossing.",
                people("two Kenyan soldiers", 2),
            ),
            (
                "The army captured nine Ugandan soldiers near the river crossing.",
                people("nine Ugandan soldiers", 9),
            ),
            id="counts of different nationalities",
        ),
        pytest.param(
            ("Police arrested two protesters outside the harbour office.", people("two protesters", 2)),
            (
                "Police confronted six protesters outside the harbour office and arrested two.",
                people("six protesters", 6),
            ),
            id="a bare mention of the same number",
        ),
    ],
)
def test_numbers_of_different_things_are_not_compared(
    first: tuple[str, Quantity], second: tuple[str, Quantity]
):
    articles, claims = corpus(
        {
            name: [(sentence, {"quantities": [quantity]})]
            for name, (sentence, quantity) in zip("ab", (first, second), strict=True)
        }
    )
    assert diff(articles, claims, RecordingJudge()).contradictions == []


def test_same_speaker_different_wording_is_quote_wording():
    lin = {
        "speaker": "spokesperson Anna Berg",
        "times": [TimeRef(text="on Wednesday", kind="weekday", value="wednesday")],
    }
    articles, claims = corpus(
        {
            "a": [
                (
                    "Ministry spokesperson Anna Berg on Wednesday rejected the report, calling it “groundless”.",
                    {**lin, "quote": "groundless"},
                )
            ],
            "b": [
                (
                    "Anna Berg on Wednesday rejected the report as “totally unfounded”.",
                    {**lin, "quote": "totally unfounded"},
                )
            ],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "quote_wording"
    assert "groundless" in found.explanation and "totally unfounded" in found.explanation


def test_two_quotes_one_article_carries_both_are_two_statements_not_two_wordings():
    berg = {
        "speaker": "spokesperson Anna Berg",
        "times": [TimeRef(text="on Wednesday", kind="weekday", value="wednesday")],
    }
    articles, claims = corpus(
        {
            "a": [
                (
                    "Anna Berg on Wednesday rejected the report, calling it “groundless”.",
                    {**berg, "quote": "groundless"},
                ),
                (
                    "Berg on Wednesday also called the report “totally unfounded”.",
                    {**berg, "quote": "totally unfounded"},
                ),
            ],
            "b": [
                (
                    "Anna Berg on Wednesday rejected the report as “totally unfounded”.",
                    {**berg, "quote": "totally unfounded"},
                ),
            ],
        }
    )
    found = diff(articles, claims, RecordingJudge()).contradictions
    assert [c for c in found if c.kind == "quote_wording"] == []


def test_same_quote_different_speakers_is_attribution():
    quote = "we will rebuild the bridge within a year"
    articles, claims = corpus(
        {
            "a": [(f"Mayor Ivan Petrenko said “{quote}”.", {"speaker": "Ivan Petrenko", "quote": quote})],
            "b": [(f"Governor Olga Marsh said “{quote}”.", {"speaker": "Olga Marsh", "quote": quote})],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "attribution"


@pytest.mark.parametrize(
    ("second", "found"),
    [
        pytest.param("Removing the mayor from office is a blow to the party", True, id="the same words"),
        pytest.param(
            "The mayor’s removal is a blow to the party and ends years of work by the city’s prosecutors",
            False,
            id="other words with a possessive",
        ),
    ],
)
def test_an_apostrophe_inside_a_word_does_not_end_a_quotation(second: str, found: bool):
    first = "Removing the mayor from office is a blow to the party"
    articles, claims = corpus(
        {
            "a": [(f"“{first},” Ivan Petrenko said.", {"speaker": "Ivan Petrenko", "quote": first})],
            "b": [(f"“{second},” Olga Marsh said.", {"speaker": "Olga Marsh", "quote": second})],
        }
    )
    kinds = [c.kind for c in diff(articles, claims, RecordingJudge()).contradictions]
    assert ("attribution" in kinds) is found


@pytest.mark.parametrize(
    ("first", "second", "found"),
    [
        pytest.param("a red trail", "a red rash", True, id="words of the subject"),
        pytest.param("trail", "rash", False, id="a term in scare quotes"),
    ],
)
def test_a_term_in_scare_quotes_is_not_words_the_subject_said(first: str, second: str, found: bool):
    def said(quoted: str) -> tuple[str, dict]:
        sentence = f'Ida Venn woke up on Sunday in her hotel and found "{quoted}" on her arm.'
        return sentence, {"subject": "Ida Venn", "quote": quoted}

    articles, claims = corpus({"a": [said(first)], "b": [said(second)]})
    kinds = [c.kind for c in diff(articles, claims, RecordingJudge()).contradictions]
    assert ("quote_wording" in kinds) is found


def test_transliteration_variants_are_name_variants_not_contradictions():
    articles, claims = corpus(
        {
            "a": [
                (
                    "President Volodymyr Zelensky visited Kiev hospitals on Monday.",
                    {"entities": [Entity(text="Volodymyr Zelensky", kind="person")], "places": ["Kiev"]},
                )
            ],
            "b": [
                (
                    "President Volodymyr Zelenskyy visited Kyiv hospitals on Monday.",
                    {"entities": [Entity(text="Volodymyr Zelenskyy", kind="person")], "places": ["Kyiv"]},
                )
            ],
        }
    )
    result = diff(articles, claims, RecordingJudge())
    assert result.contradictions == []
    forms = {variant.kind: {form.form for form in variant.forms} for variant in result.name_variants}
    assert forms == {"person": {"Volodymyr Zelensky", "Volodymyr Zelenskyy"}, "place": {"Kiev", "Kyiv"}}
    assert [variant.id for variant in result.name_variants] == ["N1", "N2"]


def test_surname_only_mention_is_not_a_variant():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Mayor Ivan Petrenko opened the bridge.",
                    {"entities": [Entity(text="Ivan Petrenko", kind="person")]},
                )
            ],
            "b": [("Petrenko opened the bridge.", {"entities": [Entity(text="Petrenko", kind="person")]})],
        }
    )
    assert diff(articles, claims, RecordingJudge()).name_variants == []


def test_region_claimed_for_two_countries_is_a_place_contradiction():
    articles, claims = corpus(
        {
            "a": [("Troops were sent to Russia's Kursk region last year.", {})],
            "b": [("Drones struck targets in Ukraine's Kursk region overnight.", {})],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "place" and "places it in Russia" in found.explanation  # a name, never "RU"
    assert found.said == ["Russia\u2019s Kursk", "Ukraine\u2019s Kursk"]


def test_event_located_in_different_countries_is_a_place_contradiction():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Two foreign soldiers were captured by the army in the Donetsk region.",
                    {"places": ["Donetsk region"]},
                )
            ],
            "b": [("Two foreign soldiers were captured by the army within Russian territory.", {})],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "place"


def test_no_response_vs_later_response_is_temporal_status():
    articles, claims = corpus(
        {
            "a": [
                ("There was no immediate response from Beijing to the accusations.", {"places": ["Beijing"]})
            ],
            "b": [("Beijing denied the accusations on Wednesday.", {"places": ["Beijing"]})],
        },
        published={"a": date(2025, 4, 8), "b": date(2025, 4, 9)},
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "status" and found.severity == "low"
    assert "Temporal" in found.explanation


def test_assertion_vs_allegation():
    articles, claims = corpus(
        {
            "a": [("The company dumped waste into the river near the plant for years.", {})],
            "b": [
                (
                    "Activists accused the company of dumping waste into the river near the plant for years.",
                    {"modality": "alleged"},
                )
            ],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "assertion_vs_allegation"


def test_unique_details_need_a_specific_and_consensus_counts_origins():
    shared = "The harbour bridge reopened after repairs costing 4 million euros, the city said."
    articles, claims = corpus(
        {
            "a": [
                (shared, {}),
                (
                    "Engineer Maria Lopes found cracks in 12 pillars.",
                    {"quantities": [people("12 pillars", 12)]},
                ),
            ],
            "b": [(shared, {}), ("it was a long day.", {})],
            "c": [
                (
                    "Repairs worth 4 million euros are done and the harbour bridge reopened, officials said on Friday.",
                    {},
                )
            ],
        }
    )
    result = diff(articles, claims, RecordingJudge())
    assert [(d.id, d.claim) for d in result.unique_details] == [("U1", "a#c2")]
    [consensus] = result.consensus
    assert consensus.articles == ["a", "b", "c"]
    assert result.shared_origins[0].articles == ["a", "b"]
    assert consensus.independent_sources == 2
    assert result.coverage[consensus.fact] == ["a", "b", "c"]


def test_polarity_conflicts_go_to_the_judge():
    articles, claims = corpus(
        {
            "a": [("The regional council approved the harbour budget for the ferry terminal.", {})],
            "b": [
                (
                    "The regional council did not approve the harbour budget for the ferry terminal.",
                    {"polarity": "denied"},
                )
            ],
        }
    )
    judge = RecordingJudge()
    assert diff(articles, claims, judge).contradictions == []
    assert len(judge.groups) == 1
    [found] = diff(articles, claims, OfflineJudge()).contradictions
    assert found.kind == "status"


def test_output_is_deterministic():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Police arrested six protesters outside the harbour office.",
                    {"quantities": [people("six protesters", 6)]},
                )
            ],
            "b": [
                (
                    "Police arrested two protesters outside the harbour office.",
                    {"quantities": [people("two protesters", 2)]},
                )
            ],
        }
    )
    first = diff(articles, claims, OfflineJudge()).model_dump()
    assert diff(articles, list(claims), OfflineJudge()).model_dump() == first


def test_same_reported_statement_by_two_people_is_attribution():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Judge Anna Berg said the evidence against the mayor was overwhelming.",
                    {"speaker": "Anna Berg"},
                )
            ],
            "b": [
                (
                    "Prosecutor Olga Marsh said the evidence against the mayor was overwhelming and damning.",
                    {"speaker": "Olga Marsh"},
                )
            ],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "attribution"


def test_seeds_end_to_end_finds_typed_contradictions_and_variants(seeds_dir):
    extractor = pytest.importorskip("factdiff.offline.extractor")
    from factdiff.ingest import load_articles

    articles = load_articles([str(path) for path in sorted(seeds_dir.glob("*.txt"))])
    claims = [c for extraction in extractor.OfflineExtractor().extract(articles) for c in extraction.claims]
    result = diff(articles, claims, OfflineJudge())
    texts = {a.id: a.text for a in articles}
    kinds = {c.kind for c in result.contradictions}
    assert {"place", "status", "quote_wording"} <= kinds
    for found in result.contradictions:
        assert len({span.article for side in found.sides for span in side}) >= 2
        for side in found.sides:
            assert all(texts[s.article][s.start : s.end] == s.quote for s in side)
    variant_forms = [{fold(f.form) for f in v.forms} for v in result.name_variants]
    assert any(len(forms) >= 2 for forms in variant_forms)
    assert len(result.unique_details) >= 10


def _kinds(result) -> list[str]:
    return [c.kind for c in result.contradictions]


def test_a_contradicted_pair_is_never_consensus():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Police arrested six protesters outside the harbour office.",
                    {"quantities": [people("six protesters", 6)]},
                )
            ],
            "b": [
                (
                    "Police arrested two protesters outside the harbour office.",
                    {"quantities": [people("two protesters", 2)]},
                )
            ],
        }
    )
    result = diff(articles, claims, RecordingJudge())
    assert _kinds(result) == ["number"]
    assert result.consensus == []


def test_numbers_naming_a_place_are_a_place_contradiction():
    articles, claims = corpus(
        {
            "a": [
                (
                    "The cargo ship caught fire while moored at Berth 4 of the container port.",
                    {"quantities": [Quantity(text="4", value=4)]},
                )
            ],
            "b": [
                (
                    "The cargo ship caught fire while moored at Berth 6 of the container port.",
                    {"quantities": [Quantity(text="6", value=6)]},
                )
            ],
        }
    )
    assert _kinds(diff(articles, claims, RecordingJudge())) == ["place"]


def test_a_second_number_in_the_sentence_does_not_hide_the_clash():
    articles, claims = corpus(
        {
            "a": [
                (
                    "A judge sentenced the mayor to four years in jail for fraud.",
                    {"quantities": [people("four years", 4)]},
                )
            ],
            "b": [
                (
                    "A judge sentenced the mayor to nine years in jail for fraud, ending an inquiry that lasted four years.",
                    {"quantities": [people("nine years", 9), people("four years", 4)]},
                )
            ],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "number"
    quotes = {span.article: span.quote for side in found.sides for span in side}
    assert "nine years" in quotes["b"] and "inquiry" not in quotes["b"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Wage talks between the dockers' union and the port operator are continuing, the union said.",
            "Wage talks between the dockers' union and the port operator ended without a deal, the operator said.",
        ),
        (
            "The suspect in the warehouse robbery was remanded in custody after the hearing.",
            "The suspect in the warehouse robbery was released on bail after the hearing.",
        ),
        (
            "The coastal road was reopened to traffic on Friday, the police said.",
            "The coastal road had not been reopened to traffic by Friday evening, the police said.",
        ),
    ],
)
def test_states_that_exclude_each_other_are_a_status_contradiction(first, second):
    articles, claims = corpus({"a": [(first, {})], "b": [(second, {})]})
    assert _kinds(diff(articles, claims, RecordingJudge())) == ["status"]


def test_the_same_state_in_both_articles_is_no_contradiction():
    articles, claims = corpus(
        {
            "a": [("Wage talks between the dockers' union and the port operator are continuing.", {})],
            "b": [("Wage talks between the dockers' union and the port operator continued on Monday.", {})],
        }
    )
    assert diff(articles, claims, RecordingJudge()).contradictions == []


def test_unverified_claim_vs_stated_fact_about_the_same_country_is_status():
    articles, claims = corpus(
        {
            "a": [("Reports that Canadian troops crossed the border remain unverified.", {})],
            "b": [("Border guards detained three Canadian soldiers near the river on Tuesday.", {})],
            "c": [("Border guards detained three Mexican soldiers near the river on Tuesday.", {})],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "status"
    assert sorted(sorted({span.article for span in side}) for side in found.sides) == [["a"], ["b"]]


def test_an_unverified_claim_is_not_set_against_a_speakers_account_of_it():
    doubted = ("Reports that Canadian troops crossed the border remain unverified.", {})
    stated = "Border guards detained three Canadian soldiers near the river on Tuesday."
    told = {"speaker": "Ed Marlow", "quote": stated}
    articles, claims = corpus({"a": [doubted], "b": [(stated, {})]})
    assert [c.kind for c in diff(articles, claims, RecordingJudge()).contradictions] == ["status"]
    articles, claims = corpus({"a": [doubted], "b": [(f'Ed Marlow said: "{stated}"', told)]})
    assert diff(articles, claims, RecordingJudge()).contradictions == []


def test_untagged_names_spelled_two_ways_are_variants_but_other_given_names_are_not():
    articles, claims = corpus(
        {
            "a": [("The plant is run by chief engineer Bjørn Aasen and his deputy Anna Berg.", {})],
            "b": [("The plant is run by chief engineer Bjorn Aasen and his deputy Erik Berg.", {})],
        }
    )
    variants = [
        {form.form for form in v.forms} for v in diff(articles, claims, RecordingJudge()).name_variants
    ]
    assert variants == [{"Bjørn Aasen", "Bjorn Aasen"}]


def test_a_detail_no_other_article_mentions_is_unique_and_a_restated_one_is_not():
    shared = "The harbour bridge reopened after repairs, the city said."
    articles, claims = corpus(
        {
            "a": [
                (shared, {}),
                (
                    "Divers found 14 cracked pillars under the deck.",
                    {"quantities": [people("14 cracked pillars", 14)]},
                ),
            ],
            "b": [(shared, {}), ("Traffic on the harbour bridge was light.", {})],
        }
    )
    unique = diff(articles, claims, RecordingJudge()).unique_details
    assert [detail.claim for detail in unique] == ["a#c2"]


def test_an_ongoing_state_on_a_later_day_is_not_a_time_contradiction():
    articles, claims = corpus(
        {
            "a": [
                (
                    "Crews were still pumping water out of the flooded rail tunnel on Friday.",
                    {"times": [TimeRef(text="on Friday", kind="weekday", value="friday")]},
                )
            ],
            "b": [
                (
                    "Water flooded the rail tunnel on Tuesday.",
                    {"times": [TimeRef(text="on Tuesday", kind="weekday", value="tuesday")]},
                )
            ],
            "c": [
                (
                    "Water flooded the rail tunnel on Wednesday.",
                    {"times": [TimeRef(text="on Wednesday", kind="weekday", value="wednesday")]},
                )
            ],
        }
    )
    [found] = diff(articles, claims, RecordingJudge()).contradictions
    assert found.kind == "time"
    assert {span.article for side in found.sides for span in side} == {"b", "c"}


def test_one_thing_at_two_unknown_named_places_is_a_place_contradiction():
    articles, claims = corpus(
        {
            "a": [("The company will build its new battery plant in Norrvik, the board said.", {})],
            "b": [("The company will build its new battery plant in Oskarby, the board said.", {})],
        }
    )
    assert _kinds(diff(articles, claims, RecordingJudge())) == ["place"]


def test_many_people_in_two_towns_are_not_a_place_contradiction():
    articles, claims = corpus(
        {
            "a": [("Hundreds of shoppers in Norrvik queued for bread on Monday.", {})],
            "b": [("Hundreds of shoppers in Oskarby queued for bread on Monday.", {})],
        }
    )
    assert diff(articles, claims, RecordingJudge()).contradictions == []


class ReviewingJudge:
    """Answers every proposed contradiction with one fixed verdict; leaves undecided pairs unrelated."""

    def __init__(self, relation: str | None, kind: str | None = None) -> None:
        self.relation = relation
        self.kind = kind
        self.proposals: list[CandidateGroup] = []

    def relate(self, claims: Sequence[Claim]) -> list[RelatedClaims]:
        return []

    def judge(self, groups: Sequence[CandidateGroup]) -> list[Verdict]:
        self.proposals.extend(g for g in groups if g.proposal)
        verdicts = [
            Verdict(group=g.id, relation="unrelated", reason="test") for g in groups if not g.proposal
        ]
        if self.relation is None:
            return verdicts
        return verdicts + [
            Verdict(group=g.id, relation=self.relation, kind=self.kind, reason="reviewed")
            for g in groups
            if g.proposal
        ]


def test_the_judge_sees_each_rule_finding_with_its_proposed_kind_and_can_veto_it():
    articles, claims = _arrest_counts()
    judge = ReviewingJudge("complementary")

    result = diff(articles, claims, judge)

    [group] = judge.proposals
    assert group.proposal is not None and group.proposal.kind == "number"
    assert "six" in group.proposal.explanation or "6" in group.proposal.explanation
    assert {claim.article for claim in group.claims} == {"a", "b"}
    assert result.contradictions == []


def test_a_judge_that_confirms_may_retype_and_one_that_is_silent_leaves_the_rule_standing():
    articles, claims = _arrest_counts()

    [retyped] = diff(articles, claims, ReviewingJudge("contradict", "status")).contradictions
    [kept] = diff(articles, claims, ReviewingJudge(None)).contradictions

    assert retyped.kind == "status"
    assert kept.kind == "number"


def _kitchen_corpus() -> tuple[list[Article], list[Claim]]:
    """Two accounts of where food was made that share no content word: word matching cannot pair them."""
    return corpus(
        {
            "a": [("Investigators said the contaminated meals were prepared in the basement kitchen.", {})],
            "b": [("Those sandwiches came from an off-site catering unit in Brackley Moor.", {})],
        }
    )


def test_claims_only_the_judge_relates_are_put_to_it_and_can_be_found_contradictory():
    articles, claims = _kitchen_corpus()
    assert diff(articles, claims, RecordingJudge()).contradictions == []
    related = [RelatedClaims(question="Where was the food made?", claims=["a#c1", "b#c1"])]
    judge = RecordingJudge(related, contradict="place")
    [found] = diff(articles, claims, judge).contradictions
    assert [[claim.id for claim in group.claims] for group in judge.groups] == [["a#c1", "b#c1"]]
    assert found.kind == "place"
    assert found.explanation == "judged"
    assert {side[0].article for side in found.sides} == {"a", "b"}


def test_a_related_pair_a_rule_already_settled_is_not_sent_again():
    articles, claims = _arrest_counts()
    pair = [claim.id for claim in claims[:2]]
    judge = RecordingJudge([RelatedClaims(question="How many were arrested?", claims=pair)])
    [found] = diff(articles, claims, judge).contradictions
    assert found.kind == "number"
    assert judge.groups == []
