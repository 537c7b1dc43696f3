from __future__ import annotations

from datetime import date

import pytest

from factdiff.models import Quantity, TimeRef
from factdiff.normalize import (
    Gazetteer,
    fold,
    person_name,
    quantities_compatible,
    same_person,
    says_no_response,
    says_response,
    says_unverified,
    shared_gazetteer,
    spelling_key,
    units_comparable,
    weekday_of,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return shared_gazetteer()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelensky", "Zelenskyy"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Aleksandr Ivanov", "Alexander Ivanov"),
    ],
)
def test_transliteration_variants_are_one_person(a, b):
    assert same_person(a, b)


def test_different_people_stay_apart():
    assert not same_person("Vladimir Putin", "Vladimir Zelensky")
    assert not same_person("Anna Smith", "Mary Smith")


def test_titles_and_possessives_are_not_part_of_a_name():
    assert person_name("Ukrainian President Vladimir Zelensky's") == "Vladimir Zelensky"
    assert person_name("Foreign Ministry spokesperson Lin Jian") == "Lin Jian"


def test_alternate_place_names_are_one_place(gazetteer):
    assert gazetteer.same_place("Kiev", "Kyiv")
    assert not gazetteer.same_place("Kyiv", "Moscow")


def test_region_belongs_to_its_country(gazetteer):
    assert gazetteer.lookup("the eastern Donetsk region").country == "UA"
    assert gazetteer.lookup("Kursk Oblast").country == "RU"
    assert gazetteer.lookup("Ontario province").country == "CA"


def test_demonyms_resolve_to_countries(gazetteer):
    assert gazetteer.country_of_demonym("North Korean").country == "KP"
    assert gazetteer.country_of_demonym("Ukrainian").country == "UA"


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        (
            Quantity(text="at least 155", value=155, qualifier="at_least"),
            Quantity(text="155", value=155),
            True,
        ),
        (Quantity(text="nearly 80", value=80, qualifier="about"), Quantity(text="80", value=80), True),
        (
            Quantity(text="at least 155", value=155, qualifier="at_least"),
            Quantity(text="100", value=100),
            False,
        ),
        (Quantity(text="two", value=2), Quantity(text="six", value=6), False),
        (Quantity(text="10 to 12", value=10, high=12), Quantity(text="11", value=11), True),
    ],
)
def test_qualifiers_widen_numbers(a, b, compatible):
    assert quantities_compatible(a, b) is compatible


def test_people_counted_with_different_nouns_are_one_unit():
    assert units_comparable(
        Quantity(text="two soldiers", unit="soldiers"), Quantity(text="two", unit="captive")
    )
    assert not units_comparable(Quantity(text="two", unit="soldiers"), Quantity(text="two", unit="drones"))


def test_weekdays_from_names_dates_and_relative_words():
    assert weekday_of(TimeRef(text="on Tuesday", kind="weekday", value="tuesday")) == "tuesday"
    assert weekday_of(TimeRef(text="3 March 2025", kind="date", value="2025-03-03")) == "monday"
    assert weekday_of(TimeRef(text="yesterday", kind="relative"), date(2025, 3, 5)) == "tuesday"
    assert weekday_of(TimeRef(text="last month", kind="relative")) is None


def test_response_cues():
    assert says_no_response("There was no immediate response from the ministry.")
    assert says_no_response("The company has not yet commented.")
    assert not says_response("The company has not yet commented.")
    assert says_response("The ministry denied the report on Friday.")
    assert says_unverified("a claim that remains unverified")


def test_letters_without_a_decomposition_fold_like_transliterations():
    assert fold("Søren Æbelø") == "soren aebelo"
    assert spelling_key("Søren") == spelling_key("Soren")


def test_ov_and_off_endings_are_one_spelling():
    assert spelling_key("Orlov") == spelling_key("Orloff")
    assert spelling_key("Orlov") != spelling_key("Orban")


def test_the_city_index_is_kept_on_disk_and_read_back_the_same(tmp_path, monkeypatch):
    from factdiff import normalize

    cached = tmp_path / "cities.json"
    monkeypatch.setattr(normalize, "_city_cache_file", lambda: cached)
    monkeypatch.setattr(
        normalize, "_build_city_index", lambda: normalize._CityIndex({"lindra": ("Lindra", "XX")}, ["Lindra"])
    )
    built = normalize.Gazetteer()._cities
    assert cached.is_file()
    monkeypatch.setattr(normalize, "_build_city_index", lambda: normalize._CityIndex({}, []))
    assert normalize.Gazetteer()._cities == built == {"lindra": ("Lindra", "XX")}


def test_an_unwritable_cache_folder_only_costs_a_rebuild(tmp_path, monkeypatch):
    from factdiff import normalize

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(normalize, "_city_cache_file", lambda: blocker / "cities.json")
    monkeypatch.setattr(
        normalize, "_build_city_index", lambda: normalize._CityIndex({"lindra": ("Lindra", "XX")}, ["Lindra"])
    )
    assert normalize.Gazetteer()._city("lindra") == normalize.Place("Lindra", "XX", "city")
