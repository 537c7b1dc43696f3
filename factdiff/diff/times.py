"""Days that disagree about one event ("on Monday" in one article, "on Tuesday" in another).

Times are resolved to weekdays, relative ones ("yesterday") against each
article's publication date, and compared only between claims at least
`TIME_THRESHOLD` similar whose two days stand among the same context words.
A claim saying the matter is still going on ("still burning on Thursday")
dates the aftermath, not the event, so it is never compared.
"""

from __future__ import annotations

import re
from datetime import date

from factdiff.align import CandidatePair
from factdiff.diff._context import _same_thing
from factdiff.diff._findings import _Finding
from factdiff.normalize import Gazetteer, weekday_of

TIME_THRESHOLD = 0.3

_ONGOING = re.compile(r"\b(?:still|continu(?:e|es|ed|ing))\b", re.IGNORECASE)


def _ongoing(text: str, time: str) -> bool:
    """ "Still"/"continued" in the day's own clause dates the aftermath ("still pumping water on Friday"),
    not the event; in another clause ("broke down on Thursday, with both sides still apart") it does not."""
    clause = next((part for part in re.split(r"[,;:—–]", text) if time in part), text)
    return bool(_ONGOING.search(clause))


def _time_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < TIME_THRESHOLD:
        return None
    days_a = {
        day: time
        for time in a.times
        if (day := weekday_of(time, published.get(a.article))) and not _ongoing(a.statement, time.text)
    }
    days_b = {
        day: time
        for time in b.times
        if (day := weekday_of(time, published.get(b.article))) and not _ongoing(b.statement, time.text)
    }
    clashes = [
        (day_a, day_b)
        for day_a, time_a in days_a.items()
        for day_b, time_b in days_b.items()
        if day_a not in days_b
        and day_b not in days_a
        and _same_thing(a, time_a.text, b, time_b.text, gazetteer)
    ]
    if not clashes:
        return None
    day_a, day_b = clashes[0]
    return _Finding(
        "time_finding",
        "time",
        "medium",
        round(min(0.85, 0.2 + pair.similarity), 2),
        f"Same event (similarity {pair.similarity:.2f}) placed on different days: “{days_a[day_a].text}” "
        f"({day_a}, {a.article}) vs “{days_b[day_b].text}” ({day_b}, {b.article}).",
        [[a], [b]],
        {a.id: days_a[day_a].text, b.id: days_b[day_b].text},
    )
