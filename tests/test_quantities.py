from datetime import date

import pytest

from factdiff.quantities import find_quantities
from factdiff.timeref import find_times


@pytest.mark.parametrize(
    ("sentence", "text", "value", "high", "qualifier", "unit"),
    [
        (
            "Police detained two Chinese citizens on Monday.",
            "two Chinese citizens",
            2,
            None,
            "exact",
            "citizen",
        ),
        ("Officials counted six drones.", "six drones", 6, None, "exact", "drone"),
        ("He saw a dozen tanks.", "a dozen tanks", 12, None, "about", "tank"),
        ("Thousands of people marched.", "Thousands of people", 1000, None, "vague", "person"),
        ("It said hundreds of homes burned.", "hundreds of homes", 100, None, "vague", "home"),
        ("It supplies nearly 80 per cent of parts.", "nearly 80 per cent", 80, None, "about", "percent"),
        ("It supplies 45% of parts.", "45%", 45, None, "exact", "percent"),
        ("At least 155 fighters were named.", "At least 155 fighters", 155, None, "at_least", "fighter"),
        ("He flagged more than 40 ships.", "more than 40 ships", 40, None, "more_than", "ship"),
        ("They closed approximately 40 accounts.", "approximately 40 accounts", 40, None, "about", "account"),
        (
            "Russia launched 55 attack and decoy drones.",
            "55 attack and decoy drones",
            55,
            None,
            "exact",
            "drone",
        ),
        ("The line is 1,200 kilometres long.", "1,200 kilometres", 1200, None, "exact", "kilometre"),
        ("The fund holds 3.5 million dollars.", "3.5 million dollars", 3_500_000, None, "exact", "dollar"),
        ("Between 10 and 12 boats sank.", "Between 10 and 12 boats", 10, 12, "exact", "boat"),
        ("Some 10-12 boats sank.", "Some 10-12 boats", 10, 12, "about", "boat"),
        ("They agreed a 30-day pause.", "30-day", 30, None, "exact", "day"),
        ("A video shows one wounded captive.", "one wounded captive", 1, None, "exact", "captive"),
        ("Twenty-five men were freed.", "Twenty-five men", 25, None, "exact", "man"),
        ("It raised $5 million.", "$5 million", 5_000_000, None, "exact", "dollar"),
        ("Up to 300 troops moved.", "Up to 300 troops", 300, None, "at_most", "troop"),
    ],
)
def test_finds_quantity(sentence, text, value, high, qualifier, unit):
    found = find_quantities(sentence)
    assert len(found) == 1, found
    quantity, start, end = found[0]
    assert sentence[start:end] == quantity.text == text
    assert (quantity.value, quantity.high, quantity.qualifier, quantity.unit) == (
        value,
        high,
        qualifier,
        unit,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia invaded Ukraine in February 2022.",
        "The talks began on 3 March.",
        "The 2022 invasion changed everything.",
        "They met at 10:30 near the border.",
        "It was the 3rd attempt.",
        "No one was hurt.",
        "One of them escaped.",
        "The file was named clip_2.mp4 by someone.",
        "An F-16 crashed.",
    ],
)
def test_ignores_numbers_that_are_not_counts(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "published", "text", "kind", "value"),
    [
        ("He spoke on Tuesday.", None, "on Tuesday", "weekday", "tuesday"),
        ("He spoke on Tuesday.", date(2025, 4, 10), "on Tuesday", "weekday", "tuesday"),
        ("It began on 3 March 2025.", None, "on 3 March 2025", "date", "2025-03-03"),
        ("It began March 3.", date(2025, 4, 10), "March 3", "date", "2025-03-03"),
        ("It began March 3.", None, "March 3", "date", "--03-03"),
        ("It began 2025-03-03 at dawn.", None, "2025-03-03", "date", "2025-03-03"),
        ("Russia invaded in February 2022.", None, "in February 2022", "date", "2022-02"),
        ("It has fought since 2014.", None, "since 2014", "date", "2014"),
        ("It happened yesterday.", date(2025, 4, 10), "yesterday", "relative", "2025-04-09"),
        ("It happened last month.", date(2025, 1, 10), "last month", "relative", "2024-12"),
        ("It happened last year.", date(2025, 1, 10), "last year", "relative", "2024"),
        ("It happened early this year.", date(2025, 1, 10), "early this year", "relative", "2025"),
        ("It happened earlier in the week.", date(2025, 1, 10), "earlier in the week", "relative", None),
        ("It happened last month.", None, "last month", "relative", None),
        ("It happened at 5 p.m. sharp.", None, "at 5 p.m.", "other", "17:00"),
    ],
)
def test_finds_time(sentence, published, text, kind, value):
    found = find_times(sentence, published)
    assert len(found) == 1, found
    ref, start, end = found[0]
    assert sentence[start:end] == ref.text == text
    assert (ref.kind, ref.value) == (kind, value)


def test_may_as_a_verb_is_not_a_month():
    assert find_times("They may leave in may.", None) == []
