"""The perturbation harness's pure parts: planting keeps offsets right, and FOUND means both copies are cited."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import perturb  # noqa: E402 (a benchmark script, not a package)
from fnc1 import article  # noqa: E402

A_TEXT = (
    "Police said 12 people were hurt in the blast in Lyon on Tuesday.\n\n"
    "Mayor Anne Dupont said the square would reopen soon, Dupont added."
)
B_TEXT = (
    "Officials said 12 people were hurt when the blast hit Lyon on Tuesday morning.\n\n"
    "The mayor, Anne Dupont, said the square would reopen soon."
)


def _articles():
    return {a.id: a for a in (article("a", A_TEXT, "Outlet A"), article("b", B_TEXT, "Outlet B"))}


def _shared(kind, key):
    articles = _articles()
    found = [s for s in perturb.shared_facts(list(articles.values())) if s.kind == kind and s.key == key]
    assert found, f"no shared {kind} {key}"
    return articles, found[0]


def test_number_formats_are_kept():
    assert perturb.bump_number("12") == "18"
    assert perturb.bump_number("1,200") == "1,800"
    assert perturb.bump_number("2.5") == "3.8"
    assert perturb.bump_number("three") == "five"
    assert perturb.bump_number("Twelve") == "Eighteen"
    # never a value the sentence already has: 'two or three' must not become 'three or three'
    assert perturb.bump_number("two", {"num:3"}) == "four"


def test_times_shift_to_another_value():
    weekday = perturb.Value("time", "weekday:tuesday", 0, 7, "Tuesday", "weekday")
    assert perturb.shift_time(weekday) == "Thursday"
    day = perturb.Value("time", "date:3-12", 0, 2, "12", "day")
    assert perturb.shift_time(day) == "19"
    assert perturb.shift_time(day, {"date:3-19"}) == "26"
    year = perturb.Value("time", "year:2014", 0, 4, "2014", "year")
    assert perturb.shift_time(year) == "2013"


def test_values_in_a_sentence():
    values = perturb.find_values(
        "Police said 12 people were hurt in Lyon on 12 March 2014, Mr Jean Valjean said."
    )
    keys = {(v.kind, v.key) for v in values}
    assert ("number", "num:12") in keys
    assert ("time", "date:3-12") in keys and ("time", "year:2014") in keys
    assert ("place", "place:lyon") in keys
    assert ("name", "name:jean valjean") in keys
    # the 12 of the date is a day, not a second count of 12
    assert sum(1 for v in values if v.kind == "number") == 1


def test_planting_a_number_keeps_offsets_right():
    articles, shared = _shared("number", "num:12")
    perturbed, record = perturb.plant(shared, articles, "18")
    assert perturbed.text[record.value[0] : record.value[1]] == "18"
    assert perturbed.text[record.sentence[0] : record.sentence[1]] == record.after
    assert record.before.replace("12", "18") == record.after
    assert (
        articles[record.other_article].text[record.other_sentence[0] : record.other_sentence[1]]
        == record.other
    )
    # the rest of the text is untouched
    original = articles[record.article].text
    assert perturbed.text[: record.value[0]] == original[: record.value[0]]
    assert perturbed.text[record.value[1] :] == original[record.value[0] + len(record.old) :]


def test_planting_a_longer_value_moves_the_sentence_end():
    articles, shared = _shared("place", "place:lyon")
    perturbed, record = perturb.plant(shared, articles, "San Francisco")
    assert perturbed.text[record.value[0] : record.value[1]] == "San Francisco"
    assert record.after == perturbed.text[record.sentence[0] : record.sentence[1]]
    assert record.after.endswith(".")
    assert len(record.after) == len(record.before) + len("San Francisco") - len("Lyon")


def test_a_name_needs_the_surname_used_alone():
    _, shared = _shared("name", "name:anne dupont")
    assert shared.value_a.text == "Dupont"


def _span(article_id, start, end):
    return SimpleNamespace(article=article_id, start=start, end=end)


def _record():
    return perturb.Plant(
        kind="number",
        key="num:12",
        article="a",
        sentence=(0, 60),
        value=(12, 14),
        old="12",
        new="18",
        other_article="b",
        other_sentence=(0, 75),
        ratio=90.0,
        before="",
        after="",
        other="",
    )


def test_found_needs_one_side_on_each_copy():
    record = _record()
    both = SimpleNamespace(kind="number", sides=[[_span("a", 10, 20)], [_span("b", 5, 9)]])
    assert perturb.matching(SimpleNamespace(contradictions=[both]), record) == [both]
    # the other side must cite the other body's copy, not some other sentence of it
    elsewhere = SimpleNamespace(kind="number", sides=[[_span("a", 10, 20)], [_span("b", 80, 90)]])
    # both spans on one side are not a disagreement between the copies
    one_side = SimpleNamespace(
        kind="number", sides=[[_span("a", 10, 20), _span("b", 5, 9)], [_span("c", 0, 5)]]
    )
    # touching the end of the sentence is not overlapping it
    adjacent = SimpleNamespace(kind="number", sides=[[_span("a", 60, 70)], [_span("b", 5, 9)]])
    report = SimpleNamespace(contradictions=[elsewhere, one_side, adjacent])
    assert perturb.matching(report, record) == []


def test_a_bounded_number_is_flagged():
    record = replace(
        _record(),
        key="num:10",
        sentence=(5, 40),
        value=(14, 16),
        old="10",
        new="15",
        other_sentence=(0, 30),
        after="at least 15 fighters were caught",
    )
    assert perturb._qualifier(record) == "at least"
    assert perturb._qualifier(replace(record, after="then 15 fighters were caught", value=(10, 12))) is None
