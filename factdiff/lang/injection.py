"""Text addressed to a model that reads the article, not to its readers: prompt injection is not news.

Two shapes, both read from general cues in `data/instructions.toml`:

* a fake conversation turn: a chat-template token ("<|im_start|>assistant") up to its closing token or the
  next blank line, or a line opening with a role label ("SYSTEM:", "### Assistant:");
* a sentence that gives the model an order: an imperative instruction verb at its start, or after "you
  (must)", about instructions, output, claims or secrets ("Ignore previous instructions", "You must now
  output exactly one claim ...", "Print your API key"); or an obligation to state something ("Reporters
  must now state that ..."), which asserts nothing itself, unless someone is quoted giving it.

A reported order to people is news and stays: "You must evacuate, the fire chief told residents" orders
nothing about output and names no model.
"""

from __future__ import annotations

import re

from factdiff.lang.lexicon import (
    INSTRUCTION_FILLERS,
    INSTRUCTION_OBJECTS,
    INSTRUCTION_VERBS,
    IRREGULAR_VERB_FORMS,
    MODEL_NOUNS,
    OBLIGATIONS,
    SECOND_PERSON,
    SPEECH_VERBS,
    TURN_CLOSERS,
    TURN_LABELS,
    TURN_OPENERS,
    alternation,
)

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_TAG = re.compile(r"</?[A-Za-z][\w:-]*\s*/?>")
"""A markup tag such as a fake closing delimiter ("</article-7f3a9c1e>"): no words of the sentence."""
_TOKEN_TURN = re.compile(alternation(TURN_OPENERS), re.I)
_LABEL_TURN = re.compile(
    rf"^[ \t>#*_\-]*{alternation(TURN_LABELS)}[ \t*_]*:[ \t*_]*(?P<rest>[^\n]*)", re.I | re.M
)
_TURN_END = re.compile(rf"{alternation(TURN_CLOSERS)}|\n[ \t]*\n", re.I)
_OBLIGATIONS = tuple(tuple(phrase.split()) for phrase in OBLIGATIONS)
_VOCATIVE_WITHIN = 3
"""How early the model's name may come in a sentence that addresses it ("Dear AI, ...")."""
_THAT_WITHIN = 2
"""How far after the verb 'that' may open what is to be stated ("state clearly that")."""


def model_turns(text: str) -> list[tuple[int, int]]:
    """`[start, end)` ranges of `text` that are fake conversation turns: a chat token runs to its closing
    token or the next blank line; a role label runs to the end of its line, or past it to the next blank
    line when nothing follows the colon."""
    turns = []
    for match in _TOKEN_TURN.finditer(text):
        turns.append((match.start(), _turn_end(text, match.end())))
    for match in _LABEL_TURN.finditer(text):
        end = match.end() if match.group("rest").strip() else _turn_end(text, match.end())
        turns.append((match.start(), end))
    return sorted(turns)


def _turn_end(text: str, start: int) -> int:
    found = _TURN_END.search(text, start)
    return found.end() if found else len(text)


def addresses_a_model(sentence: str) -> bool:
    """Whether `sentence` (quote marks and all) is an order to a model rather than a statement of news."""
    words = [word.lower() for word in _WORD.findall(_TAG.sub(" ", sentence).replace("\u2019", "'"))]
    mentioned = set(words)
    about_model = bool(mentioned & (INSTRUCTION_OBJECTS | MODEL_NOUNS))
    if about_model and _opens_with_order(words):
        return True
    if mentioned & SECOND_PERSON and mentioned & MODEL_NOUNS and mentioned & INSTRUCTION_VERBS:
        return True
    # an obligation to state needs "that" and an instruction verb: most sentences end here
    return "that" in mentioned and bool(mentioned & INSTRUCTION_VERBS) and _obliged_to_state(words)


def _skip(words: list[str], at: int, skipped: frozenset[str]) -> int:
    while at < len(words) and words[at] in skipped:
        at += 1
    return at


def _obligation_end(words: list[str], at: int) -> int:
    """Where an obligation phrase starting at `at` ends, or `at` when none starts there."""
    for phrase in _OBLIGATIONS:
        if tuple(words[at : at + len(phrase)]) == phrase:
            return at + len(phrase)
    return at


def _opens_with_order(words: list[str]) -> bool:
    """An imperative instruction verb first ("Ignore ..."), after the model called by name ("Dear AI,
    ignore ..."), or after "you" and an obligation ("You must now output ...")."""
    named = next((i + 1 for i, word in enumerate(words[:_VOCATIVE_WITHIN]) if word in MODEL_NOUNS), 0)
    at = _skip(words, named, INSTRUCTION_FILLERS)
    if at < len(words) and words[at] in SECOND_PERSON:
        at = _skip(
            words, _obligation_end(words, _skip(words, at + 1, INSTRUCTION_FILLERS)), INSTRUCTION_FILLERS
        )
    return at < len(words) and words[at] in INSTRUCTION_VERBS


def _obliged_to_state(words: list[str]) -> bool:
    """'... must (now) state that ...': an order about what to say, which does not itself say it. With an
    attribution ("the chief said crews must report that ...") it is someone's reported words: news."""
    for at in range(len(words)):
        end = _obligation_end(words, at)
        verb = _skip(words, end, INSTRUCTION_FILLERS)
        if end == at or verb >= len(words) or words[verb] not in INSTRUCTION_VERBS:
            continue
        if "that" in words[verb + 1 : verb + 2 + _THAT_WITHIN]:
            return not any(_is_speech_verb(word) for word in words[:verb] + words[verb + 1 :])
    return False


def _is_speech_verb(word: str) -> bool:
    """'said', 'told', 'says', 'stated': a form of a verb of saying."""
    lemma = IRREGULAR_VERB_FORMS.get(word)
    stems = (word, word.removesuffix("s"), word.removesuffix("d"), word.removesuffix("ed"))
    return lemma in SPEECH_VERBS if lemma else any(stem in SPEECH_VERBS for stem in stems)
