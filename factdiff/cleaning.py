"""Strip scraped-page junk from article text while every kept character keeps its original offset.

Cleaning works on lines of the original text (a scraped page puts one paragraph
per line). It only ever drops whole lines or whole sentences, plus Markdown
syntax when asked, so quotes stay verbatim and a span in the cleaned text can
always be traced back to the file through `offset_map`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from factdiff.lang.injection import model_turns
from factdiff.models import Article, OffsetRun

Segment = tuple[int, int]
"""A kept range `[start, end)` of the original text."""

_MIN_DUPLICATE_CHARS = 20
_MIN_DUPLICATE_SENTENCE_WORDS = 6
_MIN_TEASER_FRAGMENT_CHARS = 10
_SHORT_LINE = 100

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_ELLIPSIS_END = re.compile(r"(\.\.\.|…)\s*$")

# (label, pattern, longest line the pattern may remove): a pattern that could also match a news
# sentence is limited to short lines, so a sentence that merely mentions an app or a page survives.
_JUNK_LINES: list[tuple[str, re.Pattern[str], int]] = [
    (
        "push prompt",
        re.compile(r"send push|(enable|allow|turn on) (push )?notifications|push notifications?", re.I),
        60,
    ),
    (
        "app prompt",
        re.compile(
            r"\b(download|get|install) (the|our) (\w+ )?app\b|available on (the )?(app store|google play)",
            re.I,
        ),
        _SHORT_LINE,
    ),
    (
        "error banner",
        re.compile(
            r"^(sorry|oops|error)\b\W*$|page (that )?you('re| are| were)? (were |are )?looking for"
            r"|page not found|^(error )?40[34]\b|^(access denied|forbidden)\b",
            re.I,
        ),
        _SHORT_LINE,
    ),
    (
        "legal disclaimer",
        re.compile(r"provides? (the|this) (information|content) [\"'“‘]?as is|^disclaimer\b", re.I),
        1000,
    ),
    ("copyright", re.compile(r"^(©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", re.I), _SHORT_LINE),
    (
        "trailer",
        re.compile(
            r"^(find|read|see|discover|get) more\b|^(also read|read next|you (may|might) also like|more from)\b",
            re.I,
        ),
        120,
    ),
    (
        "comments",
        re.compile(
            r"^(comments?\s*(\(?\d+\)?)?\s*(no comments?( yet)?)?|no comments?( yet)?|leave a comment|add (a )?comment)\W*$",
            re.I,
        ),
        40,
    ),
    (
        "navigation",
        re.compile(
            r"^((next|previous|prev) (story|article|post|page)|share( this( article| story| post)?)?( on \w+)?"
            r"|follow us( on .{1,40})?|subscribe( now| to .{1,40})?|sign (in|up)|log ?in|menu|home|advertisement"
            r"|sponsored|skip to (main )?content|back to top|trending( now)?|most (read|popular)|print|e-?mail"
            r"|tweet|whatsapp|facebook|twitter|linkedin|telegram|copy link|(click|tap) here\b.{0,40})\W*$",
            re.I,
        ),
        60,
    ),
]
_STATUS_LINE = re.compile(
    r"(?:date|status|http(?:/\d(?:\.\d)?)?|error|code|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?|[1-5]\d\d|[\s:|,\-])+",
    re.I,
)
_STATUS_CODE = re.compile(r"(?<![\d-])[1-5]\d\d(?![\d-])")
_LEGAL_TAIL = re.compile(r"^legal disclaimer\b", re.I)
_TRAILER_HEADING = re.compile(
    r"^(related|recommended|more|further) (sources|articles|stories|news|posts|links|reading)\b\W*$", re.I
)
_LONE_WORD = re.compile(r"[^\s.]{1,30}")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?\"”’]$")

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
"""Zero-width characters and bidi controls: unseen by a reader, they only break matching or hide text."""

_MD_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
"""A link target: a URL (which may hold one level of parentheses) and an optional title."""
_MD_PATTERNS = [
    re.compile(r"^(#{1,6}\s+)|(\s+#+)\s*$"),  # heading markers
    re.compile(r"^(>\s?)"),  # block quote marker
    re.compile(r"(\*\*|__)(?=\S).+?(?<=\S)(\1)"),  # strong emphasis
    re.compile(r"(?<![\w*])([*_])(?=[^\s*_]).+?(?<=[^\s*_])(\1)(?![\w*])"),  # emphasis
    re.compile(r"(\[)[^\]]+(\]" + _MD_TARGET + ")"),  # link: keep the link text
]
_MD_IMAGE = re.compile(r"!\[[^\]]*\]" + _MD_TARGET)


@dataclass(frozen=True)
class RemovedLine:
    """A whole line dropped as chrome: the site name or a copyright line may be on it."""

    label: str
    text: str
    leading: bool
    """True when the line stood above every line the text keeps (the page's header chrome)."""


@dataclass(frozen=True)
class CleanResult:
    text: str
    offset_map: list[OffsetRun]
    removed: list[str] = field(default_factory=list)
    removed_lines: list[RemovedLine] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    blank_before: bool
    segments: list[Segment]

    def kept(self, raw: str) -> str:
        return "".join(raw[s:e] for s, e in self.segments).strip()


def clean_text(raw: str, *, markdown: bool = False) -> CleanResult:
    """Drop chrome, boilerplate, teasers and repeats; keep news sentences byte for byte.

    Removal is by whole line or whole sentence; the only other edits are stripping
    whitespace at line ends, collapsing blank lines, dropping invisible characters
    (zero-width and bidi controls) and (with `markdown`) dropping Markdown syntax,
    all of which `offset_map` accounts for.
    """
    lines = _split_lines(raw)
    labels: list[str] = []
    _drop_invisible(raw, lines, labels)
    _drop_fake_turns(raw, lines, labels)
    if markdown:
        _strip_markdown(raw, lines, labels)
    junk = _drop_junk_lines(raw, lines, labels)
    _drop_teasers(raw, lines, labels)
    _drop_duplicate_lines(raw, lines, labels)
    _drop_duplicate_sentences(raw, lines, labels)
    text, offset_map = _assemble(raw, lines)
    first_kept = next((index for index, line in enumerate(lines) if line.kept(raw)), len(lines))
    return CleanResult(
        text=text,
        offset_map=offset_map,
        removed=list(dict.fromkeys(labels)),
        removed_lines=[RemovedLine(label, line, index < first_kept) for index, label, line in junk],
    )


def to_original(article: Article, offset: int) -> int:
    """Where a cleaned-text offset (start or exclusive end) lies in the original file.

    Offsets between runs (a line break cleaning inserted) map to the end of the
    run before them. Articles read from HTML or JSON have no offset map: their
    text was extracted, not copied, so this raises ValueError for them.
    """
    runs = article.offset_map
    if not runs:
        raise ValueError(f"article {article.id!r} has no offset map (text extracted from HTML or JSON)")
    if not 0 <= offset <= len(article.text):
        raise ValueError(f"offset {offset} is outside article {article.id!r}")
    index = max(bisect.bisect_right([run.clean_start for run in runs], offset) - 1, 0)
    run = runs[index]
    return run.original_start + min(max(offset - run.clean_start, 0), run.length)


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    blank_before = False
    position = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        stripped = body.strip()
        if _INVISIBLE.sub("", stripped).strip():
            start = position + (len(body) - len(body.lstrip()))
            end = start + len(stripped)
            lines.append(_Line(start, end, blank_before, [(start, end)]))
            blank_before = False
        else:
            blank_before = bool(lines)
        position += len(piece)
    return lines


def _cut(line: _Line, start: int, end: int) -> None:
    """Remove original range `[start, end)` from the line's kept segments."""
    kept: list[Segment] = []
    for s, e in line.segments:
        if s < start:
            kept.append((s, min(e, start)))
        if e > end:
            kept.append((max(s, end), e))
    line.segments = [(s, e) for s, e in kept if e > s]


def _drop_invisible(raw: str, lines: list[_Line], labels: list[str]) -> None:
    """Cut invisible characters out of the kept text, so 'fi\u200dre' matches 'fire' and nothing hides;
    the count includes those on lines that hold nothing else (blank to a reader)."""
    for line in lines:
        for match in _INVISIBLE.finditer(raw, line.start, line.end):
            _cut(line, match.start(), match.end())
    count = len(_INVISIBLE.findall(raw))
    if count:
        labels.append(f"invisible characters ({count})")


def _drop_fake_turns(raw: str, lines: list[_Line], labels: list[str]) -> None:
    """Drop every line of a fake conversation turn ("SYSTEM: ...", "<|im_start|>assistant ..."): it is
    written for a model reading the page, not for its readers, so no backend should see it."""
    turns = model_turns(raw)
    for line in lines:
        if line.segments and any(start < line.end and line.start < end for start, end in turns):
            line.segments = []
            labels.append("fake chat turn")


def _strip_markdown(raw: str, lines: list[_Line], labels: list[str]) -> None:
    for line in lines:
        text = raw[line.start : line.end]
        cuts = [(m.start(), m.end()) for m in _MD_IMAGE.finditer(text)]
        for pattern in _MD_PATTERNS:
            for match in pattern.finditer(text):
                cuts += [match.span(group) for group in range(1, pattern.groups + 1) if match.group(group)]
        for start, end in cuts:
            _cut(line, line.start + start, line.start + end)
        if cuts:
            labels.append("markdown syntax")


def _junk_label(text: str) -> str | None:
    for label, pattern, longest in _JUNK_LINES:
        if len(text) <= longest and pattern.search(text):
            return label
    if len(text) <= 60 and _STATUS_CODE.search(text) and _STATUS_LINE.fullmatch(text):
        return "status line"
    if not any(char.isalnum() for char in text):
        return "decoration"
    if _LONE_WORD.fullmatch(text):
        return "lone word"
    return None


def _drop_junk_lines(raw: str, lines: list[_Line], labels: list[str]) -> list[tuple[int, str, str]]:
    """Drop chrome lines; returns (line index, label, text) of each line dropped on its own."""
    dropped: list[tuple[int, str, str]] = []
    in_trailer = False
    for index, line in enumerate(lines):
        text = line.kept(raw)
        if not text:
            continue
        if _LEGAL_TAIL.match(text):
            for number, rest in enumerate(lines[index:], start=index):
                dropped.append((number, "legal disclaimer", rest.kept(raw)))
                rest.segments = []
            labels.append("legal disclaimer")
            return dropped
        if _TRAILER_HEADING.match(text):
            in_trailer = True
            label: str | None = "trailer"
        elif in_trailer and len(text) <= 80 and not _SENTENCE_PUNCTUATION.search(text):
            label = "trailer"
        else:
            in_trailer = False
            label = _junk_label(text)
        if label:
            line.segments = []
            labels.append(label)
            dropped.append((index, label, text))
    return dropped


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _sentences(raw: str, line: _Line) -> list[Segment]:
    """Sentence ranges of a line in original offsets, each with its trailing whitespace."""
    text = raw[line.start : line.end]
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    return [(line.start + a, line.start + b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _kept_slice(raw: str, line: _Line, start: int, end: int) -> str:
    return "".join(raw[max(s, start) : min(e, end)] for s, e in line.segments if s < end and e > start)


def _drop_teasers(raw: str, lines: list[_Line], labels: list[str]) -> None:
    """A paragraph cut off with '...' that the article then gives in full: keep only what is not repeated."""
    for index, line in enumerate(lines):
        text = line.kept(raw)
        if not _ELLIPSIS_END.search(text):
            continue
        later = [
            _normalise(_kept_slice(raw, other, s, e))
            for other in lines[index + 1 :]
            for s, e in _sentences(raw, other)
        ]
        sentences = _sentences(raw, line)
        fragment_start, fragment_end = sentences[-1]
        fragment = _normalise(_ELLIPSIS_END.sub("", _kept_slice(raw, line, fragment_start, fragment_end)))
        if len(fragment) < _MIN_TEASER_FRAGMENT_CHARS or not any(s.startswith(fragment) for s in later):
            continue
        _cut(line, fragment_start, fragment_end)
        for start, end in sentences[:-1]:
            if _normalise(_kept_slice(raw, line, start, end)) in later:
                _cut(line, start, end)
        labels.append("teaser")


def _drop_duplicate_lines(raw: str, lines: list[_Line], labels: list[str]) -> None:
    seen: set[str] = set()
    for line in lines:
        key = _normalise(line.kept(raw))
        if len(key) < _MIN_DUPLICATE_CHARS:
            continue
        if key in seen:
            line.segments = []
            labels.append("duplicate paragraph")
        seen.add(key)


def _drop_duplicate_sentences(raw: str, lines: list[_Line], labels: list[str]) -> None:
    seen: set[str] = set()
    for line in lines:
        for start, end in _sentences(raw, line):
            key = _normalise(_kept_slice(raw, line, start, end))
            if len(key.split()) < _MIN_DUPLICATE_SENTENCE_WORDS:
                continue
            if key in seen:
                _cut(line, start, end)
                labels.append("duplicate sentence")
            seen.add(key)


def _trimmed(raw: str, segments: list[Segment]) -> list[Segment]:
    """Segments without whitespace at the line's two ends."""
    trimmed = list(segments)
    while trimmed:
        s, e = trimmed[0]
        s += len(raw[s:e]) - len(raw[s:e].lstrip())
        if s < e:
            trimmed[0] = (s, e)
            break
        trimmed.pop(0)
    while trimmed:
        s, e = trimmed[-1]
        e -= len(raw[s:e]) - len(raw[s:e].rstrip())
        if s < e:
            trimmed[-1] = (s, e)
            break
        trimmed.pop()
    return trimmed


def _assemble(raw: str, lines: list[_Line]) -> tuple[str, list[OffsetRun]]:
    parts: list[str] = []
    runs: list[OffsetRun] = []
    length = 0
    blank_pending = False
    for line in lines:
        blank_pending = blank_pending or line.blank_before
        segments = _trimmed(raw, line.segments)
        if not segments:
            continue
        if parts:
            separator = "\n\n" if blank_pending else "\n"
            parts.append(separator)
            length += len(separator)
        blank_pending = False
        for s, e in segments:
            runs.append(OffsetRun(clean_start=length, original_start=s, length=e - s))
            parts.append(raw[s:e])
            length += e - s
    return "".join(parts), runs
