"""Days that disagree about one event ("on Monday" in one article, "on Tuesday" in another).

Times are resolved to weekdays, relative ones ("yesterday") against each
article's publication date; two full dates are compared as dates. They are
compared only between claims at least `TIME_THRESHOLD` similar whose two days
stand among the same context words.
A claim saying the matter is still going on ("still burning on Thursday")
dates the aftermath, not the event, so it is never compared.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from factdiff.align import CandidatePair
from factdiff.diff._context import _same_thing
from factdiff.diff._findings import _Finding
from factdiff.models import Claim, TimeRef
from factdiff.normalize import Gazetteer, weekday_of

TIME_THRESHOLD = 0.3

_ONGOING = re.compile(r"\b(?:still|continu(?:e|es|ed|ing))\b", re.IGNORECASE)


def _ongoing(text: str, time: str) -> bool:
    """ "Still"/"continued" in the day's own clause dates the aftermath ("still pumping water on Friday"),
    not the event; in another clause ("broke down on Thursday, with both sides still apart") it does not."""
    clause = next((part for part in re.split(r"[,;:—–]", text) if time in part), text)
    return bool(_ONGOING.search(clause))


class _Day(NamedTuple):
    time: TimeRef
    weekday: str
    iso: str | None
    """The full date, when the time names one."""
    published: date | None
    """When the claim's article was published: the week a bare weekday can name."""


def _when(claim: Claim, published: date | None) -> list[_Day]:
    """Each time of the claim that dates the event."""
    found = []
    for time in claim.times:
        weekday = weekday_of(time, published)
        if weekday and not _ongoing(claim.statement, time.text):
            iso = (
                time.value[:10] if time.value and re.fullmatch(r"\d{4}-\d\d-\d\d", time.value[:10]) else None
            )
            found.append(_Day(time, weekday, iso, published))
    return found


def _differ(one: _Day, other: _Day) -> bool:
    """Two full dates differ by date ("4 February" / "11 March" fall on one weekday); otherwise by weekday.

    A bare weekday names a day of the week its article was written in, so it is set against a full date only
    when that article's date is known and within a week of it: "Tuesday" says nothing against a date years off.
    """
    if one.iso and other.iso:
        return one.iso != other.iso
    if one.iso or other.iso:
        dated, bare = (one, other) if one.iso else (other, one)
        if bare.published is None or abs((date.fromisoformat(dated.iso or "") - bare.published).days) > 7:
            return False
    return one.weekday != other.weekday


def _time_finding(
    pair: CandidatePair, gazetteer: Gazetteer, published: dict[str, date | None]
) -> _Finding | None:
    a, b = pair.a.claim, pair.b.claim
    if pair.similarity < TIME_THRESHOLD:
        return None
    when_a, when_b = _when(a, published.get(a.article)), _when(b, published.get(b.article))
    clashes = [
        (x, y)
        for x in when_a
        for y in when_b
        if all(_differ(x, other) for other in when_b)
        and all(_differ(y, other) for other in when_a)
        and _same_thing(a, x.time.text, b, y.time.text, gazetteer)
    ]
    if not clashes:
        return None
    day_a, day_b = clashes[0]
    return _Finding(
        "time_finding",
        "time",
        "medium",
        round(min(0.85, 0.2 + pair.similarity), 2),
        f"The same event is put on different days: “{day_a.time.text}” in {a.article} "
        f"({day_a.iso or str(day_a.weekday).capitalize()}), “{day_b.time.text}” in {b.article} ({day_b.iso or str(day_b.weekday).capitalize()}).",
        [[a], [b]],
        {a.id: day_a.time.text, b.id: day_b.time.text},
    )
