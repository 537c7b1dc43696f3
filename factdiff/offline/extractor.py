"""Claims from articles by rules alone: one claim per informative sentence.

Deterministic and offline, so a first run without a key still produces claims
whose quotes are exact. Headline-like lines (no closing punctuation, short) are
not claims: they repeat the body, and the same test removes bylines, menus and
"read more" links that cleaning let through. The article `title` is not used
for the same reason, and because spans may only point into `text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from factdiff.backend import Progress
from factdiff.lang import lexicon
from factdiff.lang.injection import addresses_a_model
from factdiff.models import Article, Claim, Entity, EntityKind, Extraction, Modality, Polarity, Span
from factdiff.normalize import PARTICLE_NAME, is_name_word, shared_gazetteer
from factdiff.quantities import find_quantities
from factdiff.text import Token, tokenize
from factdiff.timeref import dateline_end, find_times

MIN_CLAIM_WORDS = 4
"""Fewer words than this ('Send Push', 'Read more.') carry no checkable statement."""

MIN_UNTERMINATED_WORDS = 15
"""A line without closing punctuation is a headline or chrome unless it is at least this long."""

MAX_QUOTE_REGION = 600
"""A quotation longer than this is probably an unclosed mark, so sentences inside it are split anyway."""

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[_'’\-][^\W_]+)*|\S")
_TERMINAL = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
_DOUBLE_QUOTES = '"“”„'
_OPENING_CONTEXT = " \t\n([{—–-:,;"


@dataclass
class _ArticleMemory:
    """What earlier sentences of the same article established, for pronouns and short names."""

    last_speaker: str | None = None
    previous_persons: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in `text`; a sentence never crosses a line break or a short quotation."""
    sentences: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        offset, paragraph = line.start(), line.group()
        regions = [r for r in _quote_regions(paragraph) if r[1] - r[0] <= MAX_QUOTE_REGION]
        start = 0
        for match in _TERMINAL.finditer(paragraph):
            end = match.end()
            if any(open_at < end < close_at for open_at, close_at in regions):
                continue
            if _is_boundary(paragraph, match.start(), end):
                sentences.extend(_stripped(paragraph, start, end, offset))
                start = end
        sentences.extend(_stripped(paragraph, start, len(paragraph), offset))
    return sentences


def _stripped(paragraph: str, start: int, end: int, offset: int) -> list[tuple[int, int]]:
    piece = paragraph[start:end]
    if not piece.strip():
        return []
    leading = len(piece) - len(piece.lstrip())
    trailing = len(piece) - len(piece.rstrip())
    return [(offset + start + leading, offset + end - trailing)]


def _is_boundary(paragraph: str, mark: int, end: int) -> bool:
    """Whether the punctuation at `mark` ends a sentence, judged by the word before and the word after."""
    rest = paragraph[end:].lstrip()
    if not rest:
        return True
    following = rest[0]
    if not (following.isupper() or following.isdigit() or following in _DOUBLE_QUOTES + "‘'(["):
        return False
    if paragraph[mark] != ".":
        return True
    before = re.search(r"(\S+)$", paragraph[:mark])
    word = before.group(1).lstrip("\"“(['‘") if before else ""
    if word.lower() in lexicon.ABBREVIATIONS or re.fullmatch(r"[A-Z]", word):
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        next_word = re.match(r"[\w’']+", rest)
        return next_word is not None and next_word.group() in lexicon.SENTENCE_STARTERS
    return True


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) positions of double-quoted passages; an unclosed mark opens no region."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for index, character in enumerate(text):
        if character not in _DOUBLE_QUOTES:
            continue
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opens = character in "“„" or (before in _OPENING_CONTEXT and not after.isspace())
        if open_at is None and opens:
            open_at = index
        elif open_at is not None and not opens:
            regions.append((open_at, index))
            open_at = None
    return regions


def _single_quote_regions(text: str) -> list[tuple[int, int]]:
    """‘…’ passages; a ’ inside a word is an apostrophe, not a closing mark."""
    regions: list[tuple[int, int]] = []
    for match in re.finditer(r"(?:(?<=\s)|(?<=^)|(?<=[(\[—–]))[‘'](?=\S)", text):
        close = re.compile(r"[’'](?![^\W_])").search(text, match.end() + 1)
        if close is not None:
            regions.append((match.start(), close.start()))
    return regions


def _direct_quote(sentence: str) -> str | None:
    """The longest quotation in the sentence, without its marks; an unclosed one runs to the end."""
    regions = _quote_regions(sentence) + _single_quote_regions(sentence)
    quotes = [sentence[open_at + 1 : close_at].strip() for open_at, close_at in regions]
    if not regions:
        opening = re.search(r"(?:^|(?<=[\s,:]))[\"“”](?=\S)", sentence)
        if opening is not None:
            quotes.append(sentence[opening.end() :].rstrip('"”’ ').strip())
    quotes = [quote for quote in quotes if re.search(r"[^\W\d_]", quote) and not _is_name(quote)]
    return max(quotes, key=len) if quotes else None


def _is_name(quoted: str) -> bool:
    """A nickname or a title in quotation marks ("Big Bank Hank", 'Jihadi John'), not words someone said."""
    words = quoted.split()
    return len(words) <= 4 and all(word[:1].isupper() or word in {"of", "the", "and"} for word in words)


def _verb_forms(lemma: str) -> set[str]:
    """Regular inflections, over-generated on purpose: a form that never occurs costs nothing."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


class OfflineExtractor:
    """Sentence-level rule extraction: speakers, hedges, denials, numbers, times and names."""

    def __init__(self) -> None:
        self._verb_lemmas: dict[str, str] = dict(lexicon.IRREGULAR_VERB_FORMS)
        for lemma in sorted(lexicon.COMMON_VERBS | lexicon.SPEECH_VERBS):
            for form in _verb_forms(lemma):
                self._verb_lemmas.setdefault(form, lemma)

    def extract(self, articles: Sequence[Article], progress: Progress | None = None) -> list[Extraction]:
        """One `Extraction` per article, in input order; an article that breaks a rule becomes an error."""
        results: list[Extraction] = []
        for article in articles:
            try:
                results.append(Extraction(article=article.id, claims=self.claims_for(article)))
            except Exception as error:  # one odd article must not stop the others
                results.append(Extraction(article=article.id, error=f"offline extraction failed: {error}"))
            if progress is not None:
                progress(1)
        return results

    def claims_for(self, article: Article) -> list[Claim]:
        """The article's claims, each with one span that is exactly its sentence.

        An order to a model (prompt injection) is not news: it gives no claim. Fake conversation turns
        never get this far: cleaning drops them.
        """
        memory = _ArticleMemory()
        claims: list[Claim] = []
        for start, end in split_sentences(article.text):
            sentence = article.text[start:end]
            if not self._is_informative(article.text, sentence, start, end) or addresses_a_model(sentence):
                continue
            claim = self._claim(article, sentence, start, f"{article.id}#c{len(claims) + 1}", memory)
            claims.append(claim)
        return claims

    @staticmethod
    def _is_informative(text: str, sentence: str, start: int, end: int) -> bool:
        words = re.findall(r"[^\W\d_]+", sentence)
        if len(words) < MIN_CLAIM_WORDS:
            return False
        whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
        terminated = re.search(r"[.!?][\"”’')\]]*$", sentence) is not None
        return terminated or not whole_line or len(words) >= MIN_UNTERMINATED_WORDS

    def _claim(
        self, article: Article, sentence: str, start: int, claim_id: str, memory: _ArticleMemory
    ) -> Claim:
        tokens = tokenize(sentence, _TOKEN)
        entities = self._entities(tokens, memory)
        quote = _direct_quote(sentence)
        speaker = self._speaker(tokens, sentence, quote, memory)
        memory.previous_persons = [entity.text for entity in entities if entity.kind == "person"]
        memory.persons.extend(name for name in memory.previous_persons if name not in memory.persons)
        if speaker is not None:
            memory.last_speaker = speaker
        verb_index = self._main_verb(tokens)
        polarity, modality = _stance(sentence)
        dateline = dateline_end(sentence)
        return Claim(
            id=claim_id,
            article=article.id,
            statement=sentence,
            evidence=[Span(article=article.id, start=start, end=start + len(sentence), quote=sentence)],
            subject=_subject(tokens, verb_index, entities),
            predicate=self._lemma(tokens[verb_index].lower) if verb_index is not None else None,
            entities=entities,
            quantities=[quantity for quantity, _, _ in find_quantities(sentence)],
            times=[time for time, at, _ in find_times(sentence, article.published) if at >= dateline],
            places=[entity.text for entity in entities if entity.kind == "place"],
            speaker=speaker,
            quote=quote,
            polarity=polarity,
            modality=modality,
        )

    def _lemma(self, word: str) -> str:
        return self._verb_lemmas.get(word, word)

    # --- entities -----------------------------------------------------------------------------

    def _entities(self, tokens: list[Token], memory: _ArticleMemory) -> list[Entity]:
        entities: list[Entity] = []
        for run_start, run_end in _capitalised_runs(tokens):
            entities.extend(self._classify_run(tokens, run_start, run_end, memory))
        unique: list[Entity] = []
        for entity in entities:
            if entity.text not in {seen.text for seen in unique}:
                unique.append(entity)
        return unique

    def _classify_run(
        self, tokens: list[Token], start: int, end: int, memory: _ArticleMemory
    ) -> list[Entity]:
        """Split a capitalised run at title words and decide what each part names."""
        run = tokens[start:end]
        title_at = max((i for i, t in enumerate(run) if t.lower in lexicon.TITLE_WORDS), default=None)
        if title_at is not None:
            before, person = run[:title_at], run[title_at + 1 :]
            found = self._classify_run(tokens, start, start + title_at, memory) if before else []
            if person:
                found.append(Entity(text=_join(person), kind="person"))
            return found
        gazetteer = shared_gazetteer()
        text = _join(run)
        if any(t.bare in lexicon.ORGANISATION_WORDS for t in run):
            return [Entity(text=text, kind="organisation")]
        if len(run) == 1 and gazetteer.is_demonym(run[0].bare):
            return []
        if len(run) > 1 and gazetteer.is_demonym(run[0].bare):
            return self._classify_run(tokens, start + 1, end, memory)
        if _place_suffix_follows(tokens, end):
            return [Entity(text=f"{text} {tokens[end].text}", kind="place")]
        if run[-1].lower in lexicon.PLACE_SUFFIXES or text in gazetteer.place_names:
            return [Entity(text=text, kind="place")]
        if start == 0 or tokens[start - 1].text in _DOUBLE_QUOTES + "‘'(":
            # any word is capitalised at the start of a sentence: a lone one is a name only if known
            known = any(text == person or text in person.split() for person in memory.persons)
            if len(run) == 1 and not known and not run[0].text.isupper() and not self._speaks(tokens, end):
                return []
        preceding = tokens[start - 1] if start > 0 else None
        if preceding is not None and preceding.lower in lexicon.TITLE_WORDS:
            return [Entity(text=text, kind="person")]
        if run[0].text.isupper() and len(run) == 1 and len(run[0].text) <= 6:
            return [Entity(text=text, kind="organisation")]
        if any(text == person or text in person.split() for person in memory.persons):
            return [Entity(text=text, kind="person")]
        kind: EntityKind = "person" if 2 <= len(run) <= 3 and all(t.text.isalpha() for t in run) else "other"
        return [Entity(text=text, kind=kind)]

    # --- speakers -----------------------------------------------------------------------------

    def _speaker(
        self, tokens: list[Token], sentence: str, quote: str | None, memory: _ArticleMemory
    ) -> str | None:
        lowered = [t.lower for t in tokens]
        for i in range(len(tokens) - 1):
            if lowered[i] == "according" and lowered[i + 1] == "to":
                found = _named_after(tokens, i + 2)
                if found:
                    return found
        for i, token in enumerate(tokens):
            if not self._is_verb(tokens, i) or self._lemma(token.lower) not in lexicon.SPEECH_VERBS:
                continue
            found = self._subject_speaker(tokens, i, memory)
            if found:
                return found
            if (
                self._lemma(token.lower) in lexicon.INVERTED_SPEECH_VERBS
                and i > 0
                and tokens[i - 1].text in ',”"’'
            ):
                found = _named_after(tokens, i + 1)
                if found:
                    return found
        for i in range(len(tokens) - 1):
            if lowered[i] == "quoted" and lowered[i + 1] == "by":
                # "X was quoted by the agency as saying": X spoke, the agency is where the words appeared
                return self._subject_speaker(tokens, i, memory) or _named_after(tokens, i + 2)
        if quote is not None and sentence[:1] in _DOUBLE_QUOTES + "‘'":
            return memory.last_speaker
        return None

    def _subject_speaker(self, tokens: list[Token], verb: int, memory: _ArticleMemory) -> str | None:
        """Who is the subject of the speech verb at `verb`: a name, a pronoun, or a role like 'the ministry'."""
        j = verb - 1
        while j >= 0 and _skippable_before_verb(tokens[j]):
            j -= 1
        if j >= 0 and tokens[j].text == ",":
            apposition_start = next(
                (k for k in range(j - 1, max(j - 14, -1), -1) if tokens[k].text == ","), None
            )
            if apposition_start is not None:
                named = _name_before(tokens, j - 1) if _is_name_word(tokens[j - 1]) else None
                if named and tokens[apposition_start - 1].lower in lexicon.ROLE_NOUNS:
                    return named  # "the town's mayor, Ingrid Salo, said": the name, not the role
                j = apposition_start - 1
        if j < 0:
            return None
        token = tokens[j]
        if token.lower in lexicon.PRONOUN_SPEAKERS:
            return memory.previous_persons[0] if memory.previous_persons else memory.last_speaker
        if _is_name_word(token) and token.bare == token.text:
            return _name_before(tokens, j)
        if token.lower in lexicon.ROLE_NOUNS:
            return _role_phrase(tokens, j, memory)
        return _possessive_phrase(tokens, j)

    def _main_verb(self, tokens: list[Token]) -> int | None:
        """Index of the first finite verb outside a quotation; auxiliaries defer to the verb they carry."""
        inside_quote = False
        for i, token in enumerate(tokens):
            if token.text in _DOUBLE_QUOTES:
                inside_quote = not inside_quote
                continue
            if inside_quote or not self._is_verb(tokens, i):
                continue
            if token.lower.endswith("ing") and (i == 0 or tokens[i - 1].lower not in lexicon.AUXILIARIES):
                continue
            if token.lower in lexicon.AUXILIARIES:
                for k in range(i + 1, min(i + 4, len(tokens))):
                    word = tokens[k].lower
                    if word not in lexicon.AUXILIARIES and (word in self._verb_lemmas or word.endswith("ed")):
                        return k
            return i
        return None

    def _is_verb(self, tokens: list[Token], i: int) -> bool:
        """A known verb form used as a verb: not 'the claims', 'state department' or 'damage were'."""
        token = tokens[i]
        if token.capitalised or token.lower not in self._verb_lemmas:
            return False
        previous = tokens[i - 1] if i > 0 else None
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if previous is not None and (
            previous.lower in lexicon.DETERMINERS | {"to"} or previous.text != previous.bare
        ):
            return False
        if following is not None and following.lower in lexicon.AUXILIARIES - {"be", "been", "being"}:
            return False
        lemma = self._lemma(token.lower)
        if token.lower in {lemma, lemma + "s", lemma + "es"}:
            # a bare or -s form inside a noun phrase is a noun: 'a massive drone attack', 'US state department'
            k = i - 1
            while (
                k >= 0 and tokens[k].text.isalpha() and tokens[k].lower not in lexicon.NOUN_PHRASE_STOPWORDS
            ):
                k -= 1
            if k >= 0 and k < i - 1 and tokens[k].lower in lexicon.DETERMINERS:
                return False
            if (
                previous is not None
                and previous.capitalised
                and following is not None
                and following.text.isalpha()
            ):
                return following.lower in lexicon.NOUN_PHRASE_STOPWORDS
        return True

    def _speaks(self, tokens: list[Token], i: int) -> bool:
        """Whether a speech verb follows token `i`, after any adverbs: the word before it is a speaker."""
        while i < len(tokens) and _skippable_before_verb(tokens[i]):
            i += 1
        return i < len(tokens) and self._lemma(tokens[i].lower) in lexicon.SPEECH_VERBS


def _capitalised_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token ranges of capitalised phrases, allowing 'of'/'for' inside ('Ministry of Defence')."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _can_start_name(tokens, i):
            i += 1
            continue
        end = i + 1
        while end < len(tokens):
            token = tokens[end]
            if _is_name_word(token) and not tokens[end - 1].text.endswith(("’s", "'s")):
                end += 1
            elif (
                token.lower in lexicon.NAME_CONNECTORS
                and end + 1 < len(tokens)
                and _is_name_word(tokens[end + 1])
            ):
                end += 2
            else:
                break
        runs.append((i, end))
        i = end
    return runs


def _is_name_word(token: Token) -> bool:
    parts = re.split(r"[-’']", token.bare)
    if PARTICLE_NAME.match(token.bare):
        parts = parts[1:]
    return (
        is_name_word(token.bare)
        and token.bare.replace(".", "").replace("-", "").replace("’", "").replace("'", "").isalpha()
        and all(part[:1].isupper() for part in parts if len(part) > 1)
        and token.bare not in lexicon.MONTHS
        and token.bare not in lexicon.WEEKDAYS
    )


def _skippable_before_verb(token: Token) -> bool:
    """Adverbs, auxiliaries and time phrases between a speaker and the verb ('Lin on Wednesday said')."""
    words = lexicon.ADVERBS_BEFORE_VERB | lexicon.AUXILIARIES | lexicon.TIME_WORDS
    return token.lower in words or token.bare in lexicon.WEEKDAYS


def _place_suffix_follows(tokens: list[Token], end: int) -> bool:
    """'Donetsk region' is a place, 'state department' is not: the suffix must end the noun phrase."""
    if end >= len(tokens) or tokens[end - 1].text != tokens[end - 1].bare:
        return False
    suffix = tokens[end]
    if suffix.capitalised or suffix.lower not in lexicon.PLACE_SUFFIXES:
        return False
    after = tokens[end + 1] if end + 1 < len(tokens) else None
    return after is None or not after.text.isalpha() or after.lower in lexicon.NOUN_PHRASE_STOPWORDS


def _can_start_name(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if not _is_name_word(token):
        return False
    if token.lower in {"the", "a", "an"}:
        return False
    sentence_initial = i == 0 or tokens[i - 1].text in _DOUBLE_QUOTES + "‘'()—–-:"
    return not (sentence_initial and token.bare in lexicon.SENTENCE_STARTERS)


def _join(tokens: Sequence[Token]) -> str:
    """The tokens as written, with a trailing possessive removed: "Kyiv’s" -> "Kyiv"."""
    words = [token.text for token in tokens[:-1]] + [tokens[-1].bare]
    return " ".join(words)


def _name_before(tokens: list[Token], end: int) -> str | None:
    """The capitalised name ending at token `end`, without the titles in front of it."""
    start = end
    while (
        start > 0 and _is_name_word(tokens[start - 1]) and not tokens[start - 1].text.endswith(("’s", "'s"))
    ):
        start -= 1
    while start <= end and not _can_start_name(tokens, start):
        start += 1
    words = tokens[start : end + 1]
    last_title = max((i for i, t in enumerate(words) if t.lower in lexicon.TITLE_WORDS), default=None)
    if last_title is not None:
        words = words[last_title + 1 :]
    return _join(words) if words else None


def _named_after(tokens: list[Token], start: int) -> str | None:
    """The speaker named after 'according to' / 'said': skip descriptions, take the name, else the role."""
    role: list[Token] = []
    for k in range(start, min(start + 8, len(tokens))):
        token = tokens[k]
        after_title = token.text == "." and k > start and tokens[k - 1].lower in lexicon.ABBREVIATIONS
        if after_title:
            continue
        if token.text in ",.;:!?" or token.text in _DOUBLE_QUOTES:
            break
        if _is_name_word(token) and token.lower not in lexicon.TITLE_WORDS:
            end = k
            while end + 1 < len(tokens) and _is_name_word(tokens[end + 1]):
                end += 1
            return _join(tokens[k : end + 1])
        if token.lower not in {"the", "a", "an"}:
            role.append(token)
    if role and role[-1].lower in lexicon.ROLE_NOUNS:
        return " ".join(token.text for token in role)
    return None


def _role_phrase(tokens: list[Token], end: int, memory: _ArticleMemory) -> str | None:
    """'the lawmaker' points back to the last speaker; 'a senior official' is its own, unnamed speaker."""
    start = end
    possessive = False
    while start > 0:
        previous = tokens[start - 1]
        if not previous.bare.isalpha() or previous.lower in lexicon.NOUN_PHRASE_STOPWORDS:
            break
        possessive = possessive or previous.text != previous.bare
        start -= 1
    determiner = tokens[start - 1].lower if start > 0 else ""
    anaphoric = determiner == "the" and not possessive and tokens[end].lower in lexicon.PERSON_ROLES
    if anaphoric and memory.last_speaker is not None:
        return memory.last_speaker
    return " ".join(token.text for token in tokens[start : end + 1])


def _possessive_phrase(tokens: list[Token], end: int) -> str | None:
    """'Ukraine’s air force reported': a named owner's body or office speaks."""
    for k in range(end, max(end - 4, -1), -1):
        token = tokens[k]
        if token.capitalised and token.text != token.bare:
            return " ".join(t.text for t in tokens[k : end + 1])
        if not token.text.isalpha() or token.lower in lexicon.NOUN_PHRASE_STOPWORDS:
            return None
    return None


def _subject(tokens: list[Token], verb_index: int | None, entities: list[Entity]) -> str | None:
    """The entity in the clause before the main verb, else the first entity before it, else the words there."""
    if verb_index is None:
        return entities[0].text if entities else None
    words = tokens[:verb_index]
    clause_start = max((i + 1 for i, t in enumerate(words) if t.text in ",();:—–"), default=0)
    for candidates in (words[clause_start:], words):
        text = " ".join(t.text for t in candidates)
        for entity in entities:
            if entity.text in text:
                return entity.text
    clause = [t.text for t in words[clause_start:] if t.text.isalpha() and t.lower not in lexicon.AUXILIARIES]
    return " ".join(clause[-4:]) or None


def _stance(sentence: str) -> tuple[Polarity, Modality]:
    """Denial and hedging words: a claim that was denied, alleged or unverified is not a confirmed fact."""
    lowered = sentence.lower()

    def found(patterns: tuple[str, ...]) -> bool:
        return any(re.search(pattern, lowered) for pattern in patterns)

    if found(lexicon.NON_COMMITTAL_PATTERNS):
        return "asserted", "unverified"
    polarity: Polarity = "denied" if found(lexicon.DENIAL_PATTERNS) else "asserted"
    if found(lexicon.UNVERIFIED_PATTERNS):
        return polarity, "unverified"
    if found(lexicon.ALLEGED_PATTERNS):
        return polarity, "alleged"
    if found(lexicon.REPORTED_PATTERNS):
        return polarity, "reported"
    return polarity, "confirmed"
