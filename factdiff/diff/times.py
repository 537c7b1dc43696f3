"""Days that disagree about one event ("on Monday" in one article, "on Tuesday" in another).

Times are resolved to weekdays, relative ones ("yesterday") against each
article's publication date; two full dates are compared as dates. They are compared only between claims at least
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
from factdiff.models import Claim, TimeRef
from factdiff.normalize import Gazetteer, weekday_of

TIME_THRESHOLD = 0.3

_ONGOING = re.compile(r"\b(?:still|continu(?:e|es|ed|ing))\b", re.IGNORECASE)


def _ongoing(text: str, time: str) -> bool:
    """ "Still"/"continued" in the day's own clause dates the aftermath ("still pumping water on Friday"),
    not the event; in another clause ("broke down on Thursday, with both sides still apart") it does not."""
    clause = next((part for part in re.split(r"[,;:—–]", text) if time in part), text)
    return bool(_ONGOING.search(clause))


def _when(claim: Claim, published: date | None) -> list[tuple[TimeRef, str, str | None]]:
    """Each time of the claim that dates the event: (time, weekday, ISO date when known)."""
    found = []
    for time in claim.times:
        day = weekday_of(time, published)
        if day and not _ongoing(claim.statement, time.text):
            iso = (
                time.value[:10] if time.value and re.fullmatch(r"\d{4}-\d\d-\d\d", time.value[:10]) else None
            )
            found.append((time, day, iso))
    return found


def _differ(one: tuple[TimeRef, str, str | None], other: tuple[TimeRef, str, str | None]) -> bool:
    """Two full dates differ by date ("4 February" / "11 March" fall on one weekday); otherwise by weekday."""
    if one[2] and other[2]:
        return one[2] != other[2]
    return one[1] != other[1]


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
        and _same_thing(a, x[0].text, b, y[0].text, gazetteer)
    ]
    if not clashes:
        return None
    (time_a, day_a, iso_a), (time_b, day_b, iso_b) = clashes[0]
    return _Finding(
        "time_finding",
        "time",
        "medium",
        round(min(0.85, 0.2 + pair.similarity), 2),
        f"Same event (similarity {pair.similarity:.2f}) placed on different days: “{time_a.text}” "
        f"({iso_a or day_a}, {a.article}) vs “{time_b.text}” ({iso_b or day_b}, {b.article}).",
        [[a], [b]],
        {a.id: time_a.text, b.id: time_b.text},
    )
