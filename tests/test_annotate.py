"""The language layer's reading of a sentence's stance, and the rules that use it, each beside a near-twin
that must not fire. No case names an entity, place or phrase of any corpus."""

from __future__ import annotations

from datetime import date

import pytest

from factdiff.diff import diff
from factdiff.lang.annotate import annotate, read_cues
from factdiff.models import Entity, TimeRef
from factdiff.offline import OfflineBackend
from factdiff.offline.extractor import _direct_quote
from factdiff.offline.judge import OfflineJudge
from factdiff.pipeline import extract_claims
from tests.test_diff import RecordingJudge, corpus


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        pytest.param("The mayor resigned on Monday.", "affirms", id="plain statement"),
        pytest.param("The mayor did not resign on Monday.", "disputes", id="negation"),
        pytest.param("Is the mayor about to resign?", "asks", id="question"),
        pytest.param("The photo turned out to be a hoax.", "disputes", id="hoax verdict"),
        pytest.param("The photo turned out to be genuine.", "affirms", id="a verdict of truth"),
        pytest.param("The photo is not a hoax.", "affirms", id="negated verdict affirms"),
        pytest.param("Her office denied the report.", "disputes", id="denial of a report"),
        pytest.param("Her office did not deny the report.", "affirms", id="negated denial affirms"),
        pytest.param("The union rejected the pay offer.", "affirms", id="refusing an offer is no denial"),
        pytest.param("The firm denied causing the flood.", "disputes", id="denial of a named act"),
        pytest.param("The firm denied wrongdoing.", "affirms", id="denial of a charge of conduct"),
        pytest.param("He was caught with fake passports.", "affirms", id="fake describing a thing"),
        pytest.param("The passports were fake.", "disputes", id="fake as a verdict"),
    ],
)
def test_a_sentence_is_read_as_affirming_disputing_or_asking(sentence: str, stance: str):
    assert read_cues(sentence).stance == stance


def test_negation_scope_holds_the_negated_words_only():
    cues = read_cues("The singer is not dead, her agent said.")
    assert "dead" in cues.negated_words
    assert "agent" not in cues.negated_words  # the clause ends at the comma


def test_a_claim_from_the_headline_line_is_marked_as_headline():
    articles, claims = corpus({"a": [("Mayor quits over budget", {}), ("The mayor resigned on Monday.", {})]})
    articles[0].text = articles[0].text.replace("budget ", "budget\n", 1)
    articles[0].title = "Mayor quits over budget"
    marks = annotate(articles, claims)
    assert marks["a#c1"].headline and not marks["a#c2"].headline
    articles[0].title = None
    assert not annotate(articles, claims)["a#c1"].headline


def _contradictions(texts: dict, titles: dict | None = None) -> list:
    articles, claims = corpus(texts)
    for item in articles:
        item.title = (titles or {}).get(item.id)
    return diff(articles, claims, RecordingJudge()).contradictions


_NAMED = {"entities": [Entity(text="Arvel Dunst", kind="person")]}


def test_a_story_called_a_hoax_is_a_status_contradiction_with_the_outlet_reporting_it():
    found = _contradictions(
        {
            "a": [("Arvel Dunst was found dead in his flat in the old town on Sunday.", _NAMED)],
            "b": [("Police said the story that Arvel Dunst was found dead in his flat was a hoax.", _NAMED)],
        }
    )
    assert [c.kind for c in found] == ["status"]


@pytest.mark.parametrize(
    ("second", "found"),
    [
        pytest.param("The mill's owner denied releasing the dye into the river.", True, id="denied doing it"),
        pytest.param(
            "The mill's owner denied wrongdoing after the dye reached the river.", False, id="conduct"
        ),
    ],
)
def test_a_denial_of_a_named_act_disputes_the_outlet_reporting_the_act(second: str, found: bool):
    stated = ("The mill's owner released the dye into the river on Sunday night.", {})
    kinds = [c.kind for c in _contradictions({"a": [stated], "b": [(second, {})]})]
    assert ("status" in kinds) is found


def test_the_same_story_reported_by_both_outlets_without_a_verdict_is_no_contradiction():
    assert not _contradictions(
        {
            "a": [("Arvel Dunst was found dead in his flat in the old town on Sunday.", _NAMED)],
            "b": [("Police said Arvel Dunst was found dead in his flat on Sunday.", _NAMED)],
        }
    )


def test_two_outlets_that_both_call_the_story_false_do_not_contradict_each_other():
    assert not _contradictions(
        {
            "a": [("Arvel Dunst is not dead and the report of his death in his flat is false.", _NAMED)],
            "b": [("The story that Arvel Dunst was found dead in his flat was a hoax.", _NAMED)],
        }
    )


def test_a_verdict_on_an_unrelated_thing_sets_nothing_against_the_story():
    assert not _contradictions(
        {
            "a": [("Arvel Dunst was found dead in his flat in the old town on Sunday.", _NAMED)],
            "b": [("A fake charity appeal has appeared on social media, the council warned.", {})],
        }
    )


def test_a_question_is_never_a_side_of_a_contradiction():
    def found(second: str) -> list:
        articles, claims = corpus(
            {"a": [("The harbour bridge reopened to traffic on Monday.", {})], "b": [(second, {})]}
        )
        return diff(articles, claims, OfflineJudge()).contradictions

    assert found("The harbour bridge has not reopened to traffic on Monday.")
    assert not found("Has the harbour bridge not reopened to traffic on Monday?")


def test_opposite_stances_contradict_only_when_the_claims_are_one_statement():
    judge = OfflineJudge()
    articles, claims = corpus(
        {
            "a": [("The harbour bridge reopened to traffic on Monday.", {})],
            "b": [("The harbour bridge has not reopened to traffic on Monday.", {})],
            "c": [
                (
                    "Engineers did not expect delays after the harbour bridge reopened to traffic on Monday, "
                    "when crowds gathered along the river to watch the first buses cross the span.",
                    {},
                )
            ],
        }
    )
    assert diff(articles[:2], claims[:2], judge).contradictions
    assert not diff([articles[0], articles[2]], [claims[0], claims[2]], judge).contradictions


def test_a_headline_alone_is_never_the_side_that_states_a_thing_as_fact():
    body = ("Officials allegedly moved the archive to a warehouse outside the city last week.", {})
    stated = "Officials moved the archive to a warehouse outside the city last week."
    as_headline = _contradictions({"a": [(stated, {})], "b": [body]}, titles={"a": stated})
    as_body = _contradictions({"a": [(stated, {})], "b": [body]})
    assert [c.kind for c in as_body] == ["assertion_vs_allegation"]
    assert not as_headline


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        pytest.param('The rapper "Big Noise" died at 57.', None, id="a nickname is no quotation"),
        pytest.param('He said "the noise was big" at the time.', "the noise was big", id="words said"),
    ],
)
def test_a_name_in_quotation_marks_is_not_a_quotation(sentence: str, quote: str | None):
    assert _direct_quote(sentence) == quote


def _offline_places(first: str, second: str) -> list:
    """Place contradictions the offline backend finds between two one-sentence articles."""
    articles, _ = corpus({"a": [(first, {})], "b": [(second, {})]})
    backend = OfflineBackend()
    claims, _, _ = extract_claims(articles, backend)
    return [c for c in diff(articles, claims, backend.judge).contradictions if c.kind == "place"]


def test_an_unknown_place_is_not_set_against_a_country_it_may_lie_in():
    first = "The tanker ran aground at Orvenmaa, the coastguard said."
    assert _offline_places(first, "The tanker ran aground at Tarnholm, the coastguard said.")
    assert not _offline_places(first, "The tanker ran aground at Sweden, the coastguard said.")


def test_a_person_is_in_no_state_in_a_sentence_that_denies_hedges_or_passes_on_a_report():
    """The state rules only; the verdict rule may still set a denial against the other side (a known gap)."""
    alive = ("Arvel Dunst is alive and well, his agent said on Sunday.", _NAMED)
    assert _contradictions(
        {"a": [alive], "b": [("Arvel Dunst died at his home in the old town on Sunday.", _NAMED)]}
    )
    for second in (
        "Arvel Dunst was forced to deny that he had died at his home on Sunday.",
        "A video purporting to show that Arvel Dunst died at his home spread on Sunday.",
        "Several sites are reporting that Arvel Dunst died at his home on Sunday.",
    ):
        found = _contradictions({"a": [alive], "b": [(second, _NAMED)]})
        assert not [c for c in found if "exclude each other" in c.explanation]


def test_an_outlet_that_reports_a_rumour_and_calls_it_false_does_not_state_it_as_fact():
    rumour = ("Arvel Dunst was found dead in his flat in the old town on Sunday.", _NAMED)
    verdict = ("Police said the story that Arvel Dunst was found dead in his flat was a hoax.", _NAMED)
    assert _contradictions({"a": [rumour], "b": [verdict]})
    assert not _contradictions({"a": [rumour, verdict], "b": [verdict]})


def test_a_claim_about_a_report_is_not_the_side_that_states_the_story():
    verdict = ("Police said the story that Arvel Dunst was found dead in his flat was a hoax.", _NAMED)
    report = (
        "Several sites are reporting that Arvel Dunst was found dead in his flat in the old town.",
        _NAMED,
    )
    stated = ("Arvel Dunst was found dead in his flat in the old town, neighbours said.", _NAMED)
    assert _contradictions({"a": [stated], "b": [verdict]})
    assert not _contradictions({"a": [report], "b": [verdict]})


def test_a_hedged_claim_is_not_the_side_that_states_a_thing_as_fact():
    alleged = ("The contractor allegedly moved the archive to a warehouse outside the city last week.", {})
    stated = _contradictions(
        {
            "a": [("The contractor moved the archive to a warehouse outside the city last week.", {})],
            "b": [alleged],
        }
    )
    hedged = _contradictions(
        {
            "a": [
                ("The contractor apparently moved the archive to a warehouse outside the city last week.", {})
            ],
            "b": [alleged],
        }
    )
    assert [c.kind for c in stated] == ["assertion_vs_allegation"]
    assert not hedged


@pytest.mark.parametrize(
    ("stated", "found"),
    [
        pytest.param("The contractor moved the archive to a warehouse outside the city.", True, id="stated"),
        pytest.param(
            "It is estimated the contractor moved the archive to a warehouse outside the city.",
            False,
            id="an estimate",
        ),
    ],
)
def test_an_estimate_is_not_the_side_that_states_a_thing_as_fact(stated: str, found: bool):
    alleged = ("The contractor allegedly moved the archive to a warehouse outside the city.", {})
    kinds = [c.kind for c in _contradictions({"a": [(stated, {})], "b": [alleged]})]
    assert ("assertion_vs_allegation" in kinds) is found


def test_the_words_of_a_long_name_do_not_make_a_shared_topic():
    firm = {"entities": [Entity(text="Dorne Freight Lines", kind="organisation")]}
    denial = ("A Dorne Freight Lines spokeswoman denied that chemicals were stored at the depot.", firm)
    assert _contradictions(
        {"a": [("Chemicals were stored at the depot for weeks, the fire service said.", {})], "b": [denial]}
    )
    assert not _contradictions(
        {"a": [("Dorne Freight Lines, a freight company, has leased the depot.", firm)], "b": [denial]}
    )


def test_a_sentence_disputing_an_allegation_is_not_the_allegation_side():
    stated = ("The retired tailor kept the stolen paintings in his cellar for years.", {})
    alleged = _contradictions(
        {
            "a": [stated],
            "b": [
                (
                    "Prosecutors claim that the retired tailor kept the stolen paintings in his cellar for years.",
                    {},
                )
            ],
        }
    )
    disputed = _contradictions(
        {
            "a": [stated],
            "b": [("Claims that the retired tailor kept the stolen paintings in his cellar were false.", {})],
        }
    )
    assert [c.kind for c in alleged] == ["assertion_vs_allegation"]
    assert "assertion_vs_allegation" not in [c.kind for c in disputed]


_CROSSED = "Troops crossed the river at night."
_RESIGNED = "The minister resigned from the cabinet."


@pytest.mark.parametrize(
    ("stated", "hedged", "found"),
    [
        pytest.param(
            _CROSSED, "A lawmaker claimed that troops crossed the river at night.", True, id="claim"
        ),
        pytest.param(
            _CROSSED,
            "The ministry denied a lawmaker's assertion that troops crossed the river at night.",
            False,
            id="a denial of the claim",
        ),
        pytest.param(
            _CROSSED,
            "A lawmaker claimed that troops crossed the river at night, a claim the ministry denied.",
            True,
            id="a claim, then its denial",
        ),
        pytest.param(_RESIGNED, "The minister has allegedly resigned from the cabinet.", True, id="alleged"),
        pytest.param(
            _RESIGNED,
            "The minister has not resigned from the cabinet as has been claimed.",
            False,
            id="negated",
        ),
    ],
)
def test_a_sentence_that_denies_or_negates_an_allegation_is_not_the_allegation_side(
    stated: str, hedged: str, found: bool
):
    kinds = [c.kind for c in _contradictions({"a": [(stated, {})], "b": [(hedged, {})]})]
    assert ("assertion_vs_allegation" in kinds) is found


def test_an_allegation_about_something_else_in_the_sentence_is_no_assertion_vs_allegation():
    stated = ("The founder of the chain won a cooking prize in the capital on Friday night.", {})
    about_it = ("The founder of the chain allegedly won a cooking prize in the capital on Friday night.", {})
    aside = (
        "The founder of the chain, whose company was accused of unpaid wages, won a cooking prize in the capital on Friday night.",
        {},
    )
    assert [c.kind for c in _contradictions({"a": [stated], "b": [about_it]})] == ["assertion_vs_allegation"]
    assert not _contradictions({"a": [stated], "b": [aside]})


@pytest.mark.parametrize(
    ("hedged", "kind"),
    [
        pytest.param(
            "Unconfirmed reports say the main square was closed to traffic on Friday evening.",
            "status",
            id="unverified",
        ),
        pytest.param(
            "There were unconfirmed reports of gunfire near the port, and the main square was closed to "
            "traffic on Friday evening.",
            None,
            id="unverified in a coordinated clause",
        ),
        pytest.param(
            "The main square was allegedly closed to traffic on Friday evening.",
            "assertion_vs_allegation",
            id="alleged",
        ),
        pytest.param(
            "A guard was allegedly attacked near the port, and the main square was closed to traffic on "
            "Friday evening.",
            None,
            id="alleged in a coordinated clause",
        ),
    ],
)
def test_a_stance_cue_covers_its_own_clause_not_one_coordinated_with_it(hedged: str, kind: str | None):
    stated = ("Police said the main square was closed to traffic on Friday evening.", {})
    kinds = [c.kind for c in _contradictions({"a": [stated], "b": [(hedged, {})]})]
    assert kinds == ([kind] if kind else [])


def test_a_month_is_not_a_place_a_thing_is_put_at():
    first = "The old ferry was sold at auction in Orvenmaa, the council said."
    assert _offline_places(first, "The old ferry was sold at auction in Tarnholm, the council said.")
    assert not _offline_places(first, "The old ferry was sold at auction in April, the council said.")


def test_places_of_two_different_events_of_one_story_are_not_compared():
    assert _offline_places(
        "The reporter was kidnapped in Syria in 2012.", "The reporter was kidnapped in Iraq in 2012."
    )
    assert not _offline_places(
        "The reporter covered the civil war in Syria for two years.",
        "The militants warned the reporter's government to stop its air strikes in Iraq.",
    )


def test_a_claim_no_other_article_resembles_is_a_unique_detail():
    base = {
        "a": [
            ("Floodwater closed the main bridge into the town on Sunday morning.", {}),
            ("Volunteers carried sandbags to the bridge all night long.", {}),
        ],
        "b": [("Floodwater shut the main bridge into the town on Sunday morning.", {})],
    }
    articles, claims = corpus(base)
    unique = [d.claim for d in diff(articles, claims, RecordingJudge()).unique_details]
    assert unique == ["a#c2"]
    base["b"].append(("Volunteers carried sandbags to the bridge all night long.", {}))
    articles, claims = corpus(base)
    assert not diff(articles, claims, RecordingJudge()).unique_details


def test_one_story_denied_by_two_outlets_in_different_words_is_one_finding():
    found = _contradictions(
        {
            "a": [("Arvel Dunst was found dead in his flat in the old town on Sunday.", _NAMED)],
            "b": [("Police said the story that Arvel Dunst was found dead in his flat was a hoax.", _NAMED)],
            "c": [("His agent denied the report that Arvel Dunst was found dead in the old town.", _NAMED)],
        }
    )
    assert len(found) == 1
    assert {span.article for span in found[0].sides[1]} == {"b", "c"}


def test_a_verdict_on_the_story_is_set_against_the_story_another_outlet_leads_with():
    lead = ("A rare white bison calf was born on a farm near the lake, its owners said.", {})
    later = ("Visitors queued along the farm road to see the bison calf on Saturday.", {})
    body = [
        ("A photo of a white bison calf on a farm near the lake spread widely on Friday.", {}),
        ("The photo was doctored, wildlife officials said.", {}),
    ]
    assert _contradictions({"a": [lead, later], "b": body})
    assert not _contradictions({"a": [("The farm sells cheese from its own herd.", {}), later], "b": body})


def test_an_outlet_disputing_the_story_a_headline_calls_false_does_not_state_it():
    """The headline's verdict frames its article: a dispute sharing the article's story, if not the headline's
    words, makes its outlet a disputer too."""
    title = "Old Mill Is Not Dyeing The Kestrel River Purple: A Hoax Debunked"
    debunk = [(title, {}), ("A photo of the river running purple below the mill spread at the weekend.", {})]
    stated = ("The mill has been dyeing the river purple, a resident said.", {})
    own = ("Residents later learned the purple water below the mill that weekend was a prank.", {})

    def found(other: list) -> list:
        articles, claims = corpus({"a": debunk, "b": other})
        articles[0].title = title
        articles[0].text = articles[0].text.replace(title + " ", title + "\n", 1)
        return diff(articles, claims, RecordingJudge()).contradictions

    assert [c.kind for c in found([stated])] == ["status"]
    assert not found([stated, own])


def test_a_denial_in_apposition_judges_its_own_sentence_not_the_story():
    lead = ("The council closed the old market hall on Monday after a roof inspection.", {})
    denial = (
        "Traders said the council had ignored warnings about the roof for years, a claim the council denied.",
        {},
    )
    history = ("The old market hall has stood on the square since 1890.", {})
    assert not _contradictions({"a": [lead], "b": [history, denial]})


def test_a_bare_weekday_is_set_against_a_date_only_within_the_week_its_article_was_written():
    def times(published_b: date | None) -> list:
        texts = {
            "a": [
                (
                    "The reporter was seized on 22 November 2012 outside the hotel.",
                    {"times": [TimeRef(text="on 22 November 2012", kind="date", value="2012-11-22")]},
                )
            ],
            "b": [
                (
                    "The reporter was seized on Tuesday outside the hotel.",
                    {"times": [TimeRef(text="on Tuesday", kind="weekday", value="tuesday")]},
                )
            ],
        }
        articles, claims = corpus(
            texts, {"a": date(2012, 11, 23), **({"b": published_b} if published_b else {})}
        )
        return [c for c in diff(articles, claims, RecordingJudge()).contradictions if c.kind == "time"]

    assert times(date(2012, 11, 24))  # 22 November 2012 was a Thursday
    assert not times(date(2014, 8, 20))
    assert not times(None)


@pytest.mark.parametrize(
    ("sentence", "report"),
    [
        pytest.param("A story is circulating that the singer has died.", True, id="a story"),
        pytest.param("Reports of the singer's death spread on Sunday.", True, id="reports of"),
        pytest.param("Several sites are reporting that the singer has died.", True, id="reporting that"),
        pytest.param("The priest claims he met the singer.", False, id="claims as a verb"),
        pytest.param("Singer Found Alive In Hotel (VIDEO)", False, id="a label"),
    ],
)
def test_a_sentence_names_a_report_only_when_it_speaks_of_one(sentence: str, report: bool):
    from factdiff.lang.annotate import names_a_report

    assert names_a_report(sentence) is report


@pytest.mark.parametrize(
    ("second", "found"),
    [
        pytest.param("Eighteen-year-old Lev Marsko was walking home from school.", True, id="two ages"),
        pytest.param("Twelve-year-old Lev Marsko was walking home from school.", False, id="one age"),
        pytest.param("Eighteen-year-old Ida Venn was walking home from school.", False, id="two people"),
    ],
)
def test_one_named_person_given_two_ages_is_a_number_contradiction(second: str, found: bool):
    person = {"entities": [Entity(text="Lev Marsko", kind="person"), Entity(text="Ida Venn", kind="person")]}
    first = ("Lev Marsko, 12, leaned against a lamppost on the way home.", person)
    kinds = [c.kind for c in _contradictions({"a": [first], "b": [(second, person)]})]
    assert (kinds == ["number"]) is found
