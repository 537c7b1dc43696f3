"""Words with their offsets, shared by the offline parsers so every span they report is exact."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def bare(self) -> str:
        """Without a possessive ending: "Putin’s" -> "Putin"."""
        return re.sub(r"['’]s$", "", self.text)


def tokenize(sentence: str, pattern: re.Pattern[str]) -> list[Token]:
    """The matches of `pattern` in `sentence` as tokens; each parser keeps the pattern that suits it."""
    return [Token(m.group(), m.start(), m.end()) for m in pattern.finditer(sentence)]
