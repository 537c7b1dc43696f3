"""When things happened, as a sentence says it: weekdays, dates, relative times, clock times.

One `TimeRef` per expression, and its `value` is what the diff engine compares:

- kind "weekday": `value` is the weekday name in lower case ("tuesday"). It is
  never resolved to a date, even when the publication date is known, because
  "on Tuesday" in a Thursday article and "on Tuesday" in next week's article
  are the same claim, and the day it names depends on when the event was, not
  on when the article was printed.
- kind "date": `value` is ISO 8601 at the precision written: "2025-03-03",
  "2022-02" (month and year), "2022" (a year). A day and month without a year
  take the publication year when known, else the year-less ISO form "--03-03".
- kind "relative": `value` is resolved against `published` when that is
  possible ("yesterday" -> a date, "last year" -> a year, "last month" -> a
  month); otherwise None ("earlier in the week").
- kind "other": clock times, `value` "HH:MM" in 24-hour form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from factdiff.lang.lexicon import (
    DATE_LEADS,
    DEICTIC_LEADS,
    MONTHS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    RELATIVE_PERIODS,
    WEEKDAY_LEADS,
    WEEKDAYS,
    alternation,
)
from factdiff.models import TimeRef

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_LEAD = rf"(?:{alternation(DATE_LEADS)}\s+)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_PART_OF_DAY = rf"(?:\s+{alternation(PARTS_OF_DAY)})?"

_ISO = re.compile(rf"\b{_LEAD}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b")
_DAY_MONTH = re.compile(
    rf"\b{_LEAD}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b\.?(?:,?\s+(?P<y>{_YEAR})\b)?"
)
_MONTH_DAY = re.compile(
    rf"\b{_LEAD}(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>{_YEAR})\b)?"
)
_MONTH_YEAR = re.compile(rf"\b{_LEAD}(?P<mon>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b")
_MONTH_ALONE = re.compile(
    rf"\b(?:{alternation(DATE_LEADS - {'on'})}\s+)(?:early\s+|late\s+|mid-?)?(?P<mon>{_MONTH})\b"
)
_YEAR_ALONE = re.compile(
    rf"\b(?:{alternation(DATE_LEADS - DEICTIC_LEADS - {'on'} | {'of'})}\s+)(?P<y>{_YEAR})\b(?!\s*[-–]\s*\d)"
)
_WEEKDAY_RE = re.compile(
    rf"\b(?:{alternation(WEEKDAY_LEADS)}\s+(?:on\s+)?)?(?P<wd>{_WEEKDAY})\b{_PART_OF_DAY}"
)
_CLOCK = re.compile(
    r"\b(?:at\s+)?(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?!\w)|\b(?:at\s+)?(?P<h24>\d{1,2}):(?P<m24>\d{2})\b"
)
_RELATIVE = re.compile(
    rf"\b(?:{alternation(RELATIVE_DAYS)}|"
    r"(?:earlier|later|early|late)\s+in\s+the\s+(?:week|month|year|day)|"
    r"(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|the past|the previous)\s+"
    rf"{alternation(RELATIVE_PERIODS | PARTS_OF_DAY)}|"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+"
    r"(?:days?|weeks?|months?|years?|hours?)\s+(?:ago|earlier|later))\b",
    re.IGNORECASE,
)


_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+, [^()\n]{3,30}?(?: \([^()\n]{1,40}\))? ?[-–—] ")


def dateline_end(sentence: str) -> int:
    """Where a wire dateline ("HALVIK, March 11 (Ridgeway) - ") ends, else 0: its date is the filing date."""
    found = _DATELINE.match(sentence)
    return found.end() if found else 0


def find_times(sentence: str, published: date | None) -> list[tuple[TimeRef, int, int]]:
    """Every time expression in `sentence`, longest first where they overlap, in sentence order."""
    candidates: list[tuple[TimeRef, int, int]] = []
    for pattern, build in _PATTERNS:
        for match in pattern.finditer(sentence):
            ref = build(match, published)
            if ref is not None:
                candidates.append((ref, match.start(), match.end()))
    candidates.sort(key=lambda item: (item[1], -(item[2] - item[1])))
    kept: list[tuple[TimeRef, int, int]] = []
    for ref, start, end in candidates:
        if kept and start < kept[-1][2]:
            continue
        kept.append((ref, start, end))
    return kept


def _iso(year: int | None, month: int, day: int | None = None) -> str | None:
    try:
        if day is None:
            return f"{year:04d}-{month:02d}" if year is not None else None
        if year is None:
            date(2000, month, day)  # leap year: validates any day that can exist
            return f"--{month:02d}-{day:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_date(match: re.Match[str], published: date | None) -> TimeRef | None:
    groups = match.groupdict()
    month = MONTHS[groups["mon"]] if "mon" in groups else int(groups["m"])
    year = int(groups["y"]) if groups.get("y") else (published.year if published else None)
    value = _iso(year, month, int(groups["d"]))
    if value is None:
        return None
    return TimeRef(text=match.group(), kind="date", value=value)


def _month_year(match: re.Match[str], published: date | None) -> TimeRef:
    return TimeRef(text=match.group(), kind="date", value=_iso(int(match["y"]), MONTHS[match["mon"]]))


def _month_alone(match: re.Match[str], published: date | None) -> TimeRef:
    """'in March': the most recent March on or before publication, when that is known."""
    month = MONTHS[match["mon"]]
    year = None
    if published is not None:
        year = published.year if month <= published.month else published.year - 1
    return TimeRef(text=match.group(), kind="date", value=_iso(year, month))


def _year_alone(match: re.Match[str], published: date | None) -> TimeRef:
    return TimeRef(text=match.group(), kind="date", value=match["y"])


def _weekday(match: re.Match[str], published: date | None) -> TimeRef:
    return TimeRef(text=match.group(), kind="weekday", value=match["wd"].lower())


def _clock(match: re.Match[str], published: date | None) -> TimeRef | None:
    if match["h24"] is not None:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour, minute = int(match["h"]) % 12, int(match["min"] or 0)
        if match["ampm"].lower().startswith("p"):
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return TimeRef(text=match.group(), kind="other", value=f"{hour:02d}:{minute:02d}")


def _relative(match: re.Match[str], published: date | None) -> TimeRef:
    return TimeRef(
        text=match.group(), kind="relative", value=_resolve_relative(match.group().lower(), published)
    )


def _resolve_relative(phrase: str, published: date | None) -> str | None:
    """Resolve what the publication date pins down exactly; leave vaguer phrases unresolved."""
    if published is None:
        return None
    phrase = " ".join(phrase.split())
    if phrase in {"today", "tonight"}:
        return published.isoformat()
    if phrase == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if phrase.endswith("this year") or phrase == "the year":
        return f"{published.year:04d}"
    if phrase.endswith("last year") or phrase.endswith("the previous year"):
        return f"{published.year - 1:04d}"
    if phrase.endswith("this month"):
        return f"{published.year:04d}-{published.month:02d}"
    if phrase.endswith("last month"):
        first_of_month = published.replace(day=1)
        previous = first_of_month - timedelta(days=1)
        return f"{previous.year:04d}-{previous.month:02d}"
    return None


_Builder = Callable[[re.Match[str], date | None], TimeRef | None]
_PATTERNS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_ISO, _full_date),
    (_DAY_MONTH, _full_date),
    (_MONTH_DAY, _full_date),
    (_MONTH_YEAR, _month_year),
    (_MONTH_ALONE, _month_alone),
    (_YEAR_ALONE, _year_alone),
    (_WEEKDAY_RE, _weekday),
    (_CLOCK, _clock),
    (_RELATIVE, _relative),
)
