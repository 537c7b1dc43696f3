"""How a sentence stands toward what it reports, read once per claim for every backend.

The diff checks ask the same questions of every claim: is it a question, does it
pass on someone else's claim, does it deny or call something false, which words
does a negation govern? The answers come from the claim's own wording, so claims
from the offline rules and from a model get the same reading, and the checks
never re-run these patterns pair by pair. The cue words are data
(`factdiff/lang/data/verdicts.toml` and the negators of `stance.toml`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from factdiff.lang.inflect import known_verb, singular
from factdiff.lang.lexicon import (
    CLAUSE_BREAKS,
    DENIAL_VERBS,
    HEDGES,
    NEGATORS,
    NOT_ADJECTIVES,
    REPORT_NOUNS,
    REPORT_OPENERS,
    TRUTH_WORDS,
    VERDICT_ADJECTIVES,
    VERDICT_PHRASES,
    VERDICT_WORDS,
)
from factdiff.models import Article, Claim

Stance = Literal["affirms", "disputes", "asks"]

NEGATION_WINDOW = 4
"""How many words after a negator it governs, unless its clause ends first."""

_TOKEN = re.compile(r"[^\W\d_]+(?=n't\b)|n't\b|[^\W_]+(?:['-][^\W_]+)*|[^\w\s]")
_CLAUSE_END = frozenset(",;:.!?") | CLAUSE_BREAKS
"""Where a negation's scope ends: punctuation, or a word that opens another clause."""


class Cues(BaseModel):
    """What a sentence's wording says about its stance; see `stance` for how they combine."""

    model_config = ConfigDict(frozen=True)

    question: bool
    hedged: bool
    negated: bool
    denial: bool
    verdict: bool
    negated_words: frozenset[str]
    """Lower-case words inside a negation's scope ("not dead" -> {"dead"})."""

    @property
    def stance(self) -> Stance:
        """`asks` for a question; `disputes` for a denial, a verdict of falsehood or a negated statement."""
        if self.question:
            return "asks"
        if self.denial or self.verdict or self.negated:
            return "disputes"
        return "affirms"


class Annotation(BaseModel):
    """A claim's cues and where it stands in its article."""

    model_config = ConfigDict(frozen=True)

    claim: str
    cues: Cues
    headline: bool
    """The claim comes from the article's headline: the outlet's framing, not a stated fact of its body."""


def tokens(text: str) -> list[str]:
    """Lower-case words and punctuation, with "n't" split off its verb ("didn't" -> did, n't)."""
    return [token.lower() for token in _TOKEN.findall(text.replace("\u2019", "'"))]


def _negation_scope(words: Sequence[str]) -> set[int]:
    """Indexes of the words each negator governs: up to the window's end or the clause's end."""
    scope: set[int] = set()
    for i, word in enumerate(words):
        if word not in NEGATORS:
            continue
        for j in range(i + 1, min(len(words), i + 1 + NEGATION_WINDOW)):
            if words[j] in _CLAUSE_END:
                break
            scope.add(j)
    return scope


def _phrase_at(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> list[int]:
    """Start indexes of the phrases (as word tuples) in `words`, except where a word of truth completes one
    ("turned out to be true" calls nothing false)."""
    return [
        i
        for i in range(len(words))
        for p in phrases
        if tuple(words[i : i + len(p)]) == p and not TRUTH_WORDS & set(words[i + len(p) : i + len(p) + 1])
    ]


def _denies_a_report(words: Sequence[str], i: int) -> bool:
    """A denial of what is reported ("denied the report", "denied that ...", "denied causing ...", "a claim
    the firm rejected"), not a refusal of an offer or a charge of conduct ("rejected the pay offer", "denied
    wrongdoing")."""
    near = [w.removesuffix("s") for w in words[max(0, i - 3) : i + 4]]
    after = words[i + 1] if i + 1 < len(words) else ""
    return after == "that" or _gerund(after) or bool(REPORT_NOUNS & set(near))


def _gerund(word: str) -> bool:
    """An -ing form of a verb ("denied causing the flood"): the denial names the act it disputes."""
    return word.endswith("ing") and known_verb(word)


def _judging_adjective(words: Sequence[str], i: int) -> bool:
    """A verdict adjective that judges a story: not one describing the noun after it ("fake passports")."""
    if words[i] not in VERDICT_ADJECTIVES:
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    judged = REPORT_NOUNS | VERDICT_WORDS | VERDICT_ADJECTIVES
    return not after.isalpha() or after in _CLAUSE_END or after in judged or after.removesuffix("s") in judged


@cache
def _verdict_phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(phrase)) for phrase in VERDICT_PHRASES)


@cache
def read_cues(text: str) -> Cues:
    """The cues of one sentence. A verdict or denial under a negation ("not a hoax", "did not deny")
    affirms, and so does the negation that cancels it."""
    words = tokens(text)
    scope = _negation_scope(words)
    phrases = _verdict_phrases()
    verdicts = [i for i, w in enumerate(words) if w in VERDICT_WORDS or _judging_adjective(words, i)]
    verdicts += _phrase_at(words, phrases)
    denials = [i for i, w in enumerate(words) if _lemma(w) in DENIAL_VERBS and _denies_a_report(words, i)]
    cancelled = [i for i in verdicts + denials if i in scope]
    last = next((w for w in reversed(words) if w not in {'"', "'", "\u201d", ")"}), "")
    return Cues(
        question=last == "?",
        hedged=bool(set(words) & HEDGES),
        negated=bool(scope) and not cancelled,
        denial=any(i not in scope for i in denials),
        verdict=any(i not in scope for i in verdicts),
        negated_words=frozenset(words[i] for i in scope if words[i].isalpha()),
    )


def cue_words() -> frozenset[str]:
    """Words that carry a stance rather than a topic: a claim about a hoax is not about hoaxes."""
    phrase_words = {word for phrase in _verdict_phrases() for word in phrase}
    return VERDICT_WORDS | VERDICT_ADJECTIVES | DENIAL_VERBS | REPORT_NOUNS | HEDGES | phrase_words


@lru_cache(maxsize=65536)
def names_a_report(text: str) -> bool:
    """The text speaks of a report rather than the event: a report noun after a determiner, a possessive or
    an adjective, or opening the sentence before "of", "that" or a colon ("the story", "false reports",
    "Reports of his death"), or a report verb before "that" ("sites are reporting that"); "he claims" and a
    label ("(VIDEO)") are none."""
    words = tokens(text)
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if word.endswith(("ing", "ed")) and after == "that" and _lemma(word) in REPORT_NOUNS:
            return True  # "sites are reporting that ..."
        if not (word in REPORT_NOUNS or singular(word) in REPORT_NOUNS):
            continue
        if (
            before in REPORT_OPENERS
            or before.endswith("'s")
            or (i == 0 and after in {"of", "that", ":", "say"})
        ):
            return True
        if before.isalpha() and before not in NOT_ADJECTIVES and _lemma(before, "ADJ") == before:
            return True
    return False


@lru_cache(maxsize=65536)
def _lemma(word: str, upos: str = "VERB") -> str:
    from lemminflect import getLemma

    lemmas = getLemma(word, upos=upos)
    return lemmas[0] if lemmas else word


def headline_end(article: Article) -> int:
    """Where the article's headline ends in its text, or 0 when its text does not open with it."""
    title = (article.title or "").strip()
    if title and article.text.startswith(title.rstrip(".!?")):
        line_end = article.text.find("\n")
        return len(article.text) if line_end < 0 else line_end
    return 0


def annotate(articles: Sequence[Article], claims: Sequence[Claim]) -> dict[str, Annotation]:
    """Every claim's annotation, by claim id: computed once per run and shared by all checks."""
    ends = {article.id: headline_end(article) for article in articles}
    annotations = {}
    for claim in claims:
        end = ends.get(claim.article, 0)
        headline = bool(end) and all(span.end <= end for span in claim.evidence)
        annotations[claim.id] = Annotation(claim=claim.id, cues=read_cues(claim.statement), headline=headline)
    return annotations
