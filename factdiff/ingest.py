"""Read articles from files, folders or stdin into cleaned `Article`s.

Plain text and Markdown keep an offset map back to the file. HTML goes through
trafilatura and JSON carries its text in a field, so for those the cleaned text
is extracted rather than copied and `Article.offset_map` is empty.

Files are decoded from their byte-order mark, else as UTF-8, else as the encoding
charset-normalizer finds. A file (or JSON list item) that cannot be read is one
`ArticleError` and the others are still read; only the arguments themselves (a
missing path, an unsupported suffix, an empty folder) stop the run.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from factdiff.cleaning import CleanResult, RemovedLine, clean_text
from factdiff.errors import InputError
from factdiff.lang.lexicon import (
    BYLINE_LEADS,
    BYLINE_LINKS,
    BYLINE_ROLES,
    COPYRIGHT_WORDS,
    DATE_LABELS,
    DATE_LINE_WORDS,
    FUNCTION_WORDS,
    MONTHS,
    NAME_CONNECTORS,
    SECTION_NAMES,
    SOURCE_LABELS,
    WEEKDAYS,
    alternation,
)
from factdiff.models import Article, ArticleError, FieldSource, OffsetRun

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")
STDIN_PATH = "-"

_TEXT_FIELDS = ("text", "body", "content")
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "site": "outlet",
    "publication": "outlet",
    "published": "published",
    "date": "published",
    "byline": None,
    "author": None,
    "url": None,
    "link": None,
    "language": None,
}
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z ]{0,20}):[ \t]*(.*)")

_MONTHS = {name.lower(): number for name, number in MONTHS.items()}
_MONTH = r"(?P<month>" + alternation(frozenset(_MONTHS)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})\b", re.I),
]
_WEEKDAYS = frozenset(day.lower() for day in WEEKDAYS)
_DATE_LINE_REST = re.compile(
    rf"(?:{alternation(DATE_LINE_WORDS)}|{alternation(_WEEKDAYS)}"
    r"|\d{1,2}[:.]\d{2}(?::\d{2})?|[1-5]\d\d|[\s:|,.\-–—/()])*",
    re.I,
)
_LABELLED_DATE = re.compile(
    rf"^(?:{alternation(DATE_LINE_WORDS)}\s+)?{alternation(DATE_LABELS)}\b[\s:|\-–—]*(?P<rest>.+)$", re.I
)
_AMBIGUOUS_NUMERIC_DATE = re.compile(r"\b(?:[1-9]|0[1-9]|1[0-2])[./-](?:[1-9]|0[1-9]|1[0-2])[./-]\d{4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_DATE_LINE_MAX = 80
_TOP_LINES = 5
"""An unlabelled date line counts only among the first lines: lower down it dates something else."""

_NAME_WORD = r"[A-Z][\w.'’-]+"
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_OUTLET_PATTERNS = [
    re.compile(r"^(?:[A-Z][A-Za-z .,'-]{0,40}\s)?\((?P<outlet>[A-Z][A-Za-z0-9&.' -]{1,30})\)\s*[-–—:]?\s+\S"),
    re.compile(rf"^(?i:{alternation(BYLINE_LEADS)})\s+{_PERSON},\s*(?P<outlet>[A-Z][^\n,.!?]{{1,50}})$"),
    re.compile(
        rf"^{_PERSON}\s+{alternation(BYLINE_LINKS)}\s+(?P<outlet>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){{0,4}})$"
    ),
    re.compile(rf"^{alternation(SOURCE_LABELS)}:\s*(?P<outlet>[^\n]{{2,60}}?)\s*$", re.I),
    re.compile(
        rf"^(?:©|\(c\)|(?i:{alternation(COPYRIGHT_WORDS)})\b)(?:\s*(?:©|\(c\)))?"
        r"(?:\s*\d{4}(?:\s*[-–]\s*\d{4})?,?)?\s*(?P<outlet>[A-Z][^\n.,;|©]{1,50}?)\s*(?:\d{4})?\s*(?:[.,;|].*)?$"
    ),
]
"""Agency tag, byline with outlet, 'NAME for OUTLET', 'Source:' line, copyright line; strongest first."""
_OUTLET_MAX_WORDS = 6
_CREDIT_CHROME = ("copyright", "legal disclaimer")
"""Labels `clean_text` gives removed lines that may credit the outlet."""
_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
_MAX_CONTROL_SHARE = 0.01
"""Decoded text with more control characters than this (tab and line breaks aside) is binary data."""
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)",
    re.I,
)
_UNSHOWN_ELEMENTS = "//template | //noscript | //comment() | //*[@hidden] | //*[@aria-hidden] | //*[@style]"
"""Candidates for text a browser does not show; `_unshown` decides on the attribute values."""


@dataclass(frozen=True)
class _Source:
    display: str
    path: Path | None


def read_articles(
    paths: Sequence[str], stdin: TextIO | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """Every readable article named by `paths` ("-" is stdin), in order, with unique ids, and one
    ingest error per file or JSON item that could not be read, so one bad file never hides the rest."""
    articles: list[Article] = []
    failures: list[InputError] = []
    for source in _collect_sources(paths):
        try:
            articles.extend(_read_source(source, stdin, failures))
        except InputError as error:
            failures.append(error)
    errors = [ArticleError(article=error.path, stage="ingest", message=error.reason) for error in failures]
    return [_with_language(_named_by_file(article)) for article in _with_unique_ids(articles)], errors


def load_articles(paths: Sequence[str], stdin: TextIO | None = None) -> list[Article]:
    """Like `read_articles`, for callers that need every input: the first unreadable one raises `InputError`."""
    articles, errors = read_articles(paths, stdin)
    if errors:
        raise InputError(errors[0].article, errors[0].message)
    return articles


def _named_by_file(article: Article) -> Article:
    """An article that names no outlet is shown by its id, the file stem: say so, but keep `outlet` None
    so a file name is never taken for an outlet's."""
    if article.outlet_source or article.path == STDIN_PATH:
        return article
    return article.model_copy(update={"outlet_source": "file-name"})


def _with_language(article: Article) -> Article:
    """The language found in the text, unless the input named one."""
    from factdiff.lang.language import language_of

    if article.language is not None:
        return article
    return article.model_copy(update={"language": language_of(article.text)})


def _collect_sources(paths: Sequence[str]) -> Iterator[_Source]:
    """Files to read; folders are walked recursively in sorted order, each file read once."""
    seen: set[Path] = set()
    for given in paths:
        if given == STDIN_PATH:
            yield _Source(STDIN_PATH, None)
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(given, "no articles found in folder")
            files = found
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(
                    given, f"unsupported file type {path.suffix or '(none)'!r}; use {', '.join(SUFFIXES)}"
                )
            files = [path]
        else:
            raise InputError(given, "no such file")
        for file in files:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield _Source(str(file), file)


def _read_source(source: _Source, stdin: TextIO | None, failures: list[InputError]) -> list[Article]:
    if source.path is None:
        raw = (stdin or sys.stdin).read()
        return _parse(raw, source.display, "stdin", _sniff_format(raw), failures)
    try:
        data = source.path.read_bytes()
    except OSError as error:
        raise InputError(source.display, f"cannot read ({error.strerror or error})") from error
    raw, encoding = _decode(data, source.display)
    suffix = source.path.suffix.lower()
    kind = {".htm": "html", ".html": "html", ".json": "json", ".md": "markdown"}.get(suffix, "text")
    articles = _parse(raw, source.display, source.path.stem, kind, failures)
    if encoding is None:
        return articles
    label = f"decoded from {encoding}"
    return [article.model_copy(update={"removed": [*article.removed, label]}) for article in articles]


def _decode(data: bytes, path: str) -> tuple[str, str | None]:
    """The file's text and the encoding it was read in (None for UTF-8): a byte-order mark decides first,
    then UTF-8, which is never second-guessed when valid, then charset-normalizer's best guess."""
    bom = next((codec for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        try:
            text = data.decode(bom).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise InputError(path, f"not {bom} text despite its byte-order mark") from error
        encoding = None if bom == "utf_8_sig" else bom
    else:
        try:
            text, encoding = data.decode("utf-8"), None
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is None:
                raise InputError(path, "not text: no encoding decodes it") from None
            text, encoding = str(best), best.encoding
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS)
    if controls > len(text) * _MAX_CONTROL_SHARE:
        raise InputError(path, "not text (binary data)")
    return text, encoding


def _sniff_format(raw: str) -> str:
    """Stdin has no suffix: recognise HTML and JSON by their first characters."""
    head = raw.lstrip()[:500].lower()
    if head.startswith("<") and re.search(r"<(html|body|article|p|div)\b", head):
        return "html"
    if head.startswith(("{", "[")):
        try:
            json.loads(raw)
        except ValueError:
            return "text"
        return "json"
    return "text"


def _parse(raw: str, path: str, article_id: str, kind: str, failures: list[InputError]) -> list[Article]:
    if kind == "html":
        return [_html_article(raw, path, article_id)]
    if kind == "json":
        return _json_articles(raw, path, article_id, failures)
    return [_text_article(raw, path, article_id, markdown=kind == "markdown")]


def _text_article(raw: str, path: str, article_id: str, *, markdown: bool) -> Article:
    header, body_start = _read_header(raw)
    body = raw[body_start:]
    cleaned = _cleaned(body, path, markdown=markdown)
    offset_map = [
        OffsetRun(
            clean_start=run.clean_start, original_start=run.original_start + body_start, length=run.length
        )
        for run in cleaned.offset_map
    ]
    first_line = cleaned.text.split("\n", 1)[0]
    marked_heading = markdown and body.lstrip().startswith("# ")
    title = header.get("title") or (
        first_line if marked_heading or _looks_like_headline(cleaned.text) else None
    )
    return Article(
        id=article_id,
        path=path,
        title=title,
        text=cleaned.text,
        offset_map=offset_map,
        removed=cleaned.removed,
        **_found(
            [(header.get("outlet"), "metadata"), (_find_outlet(cleaned), "text")],
            [(_parse_date(header.get("published", "")), "metadata"), (_find_published(body), "text")],
        ),
    )


def _read_header(raw: str) -> tuple[dict[str, str], int]:
    """A leading block of `Key: value` lines up to the first blank line; returns fields and where the body starts."""
    fields: dict[str, str] = {}
    position = 0
    for line in raw.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            return (fields, position + len(line)) if fields else ({}, 0)
        match = _HEADER_LINE.fullmatch(stripped)
        key = match.group(1).strip().lower() if match else None
        if key not in _HEADER_KEYS:
            return {}, 0
        field_name = _HEADER_KEYS[key]
        if field_name and match and match.group(2):
            fields.setdefault(field_name, match.group(2).strip())
        position += len(line)
    return {}, 0


def _cleaned(raw: str, path: str, *, markdown: bool = False) -> CleanResult:
    cleaned = clean_text(raw, markdown=markdown)
    if not cleaned.text:
        raise InputError(path, "empty after cleaning")
    return cleaned


def _html_article(raw: str, path: str, article_id: str) -> Article:
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(raw)
    if tree is None:
        raise InputError(path, "no article text found in HTML")
    hidden = _drop_unshown(tree)
    # without extensive search htmldate reads only the page's date markup, not dates in the story
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, date_extraction_params=_HTML_DATE_PARAMS
    )
    if document is None:
        raise InputError(path, "no article text found in HTML")
    fields = document if isinstance(document, dict) else document.as_dict()
    cleaned = _cleaned(fields.get("text") or "", path)
    return Article(
        id=article_id,
        path=path,
        title=fields.get("title") or None,
        text=cleaned.text,
        removed=[*cleaned.removed, "hidden HTML"] if hidden else cleaned.removed,
        **_found(
            [(_outlet_name(fields.get("sitename") or ""), "html-meta"), (_find_outlet(cleaned), "text")],
            [(_parse_date(fields.get("date") or ""), "html-meta"), (_find_published(cleaned.text), "text")],
        ),
    )


def _drop_unshown(tree: Any) -> bool:
    """Remove what a browser would not show (`hidden`, `aria-hidden="true"`, `display:none` or
    `visibility:hidden` styles, `<template>`, `<noscript>` as scripts are on, comments): text a reader
    never sees is not the article, and is where injected instructions hide. True when an element with
    text went (comments are on almost every page: they are dropped without a note)."""
    dropped = False
    for node in tree.xpath(_UNSHOWN_ELEMENTS):
        is_element = isinstance(node.tag, str)
        if is_element and not _unshown(node):
            continue
        dropped = dropped or (is_element and bool(node.text_content().strip()))
        node.drop_tree()
    return dropped


def _unshown(element: Any) -> bool:
    """Whether an element's own attributes or tag hide it."""
    if element.tag in ("template", "noscript") or element.get("hidden") is not None:
        return True
    aria_hidden = (element.get("aria-hidden") or "").strip().lower() == "true"
    return aria_hidden or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _json_articles(raw: str, path: str, stem: str, failures: list[InputError]) -> list[Article]:
    """The articles of a JSON object or list; a bad list item is one failure named `path[index]`."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise InputError(path, f"not valid JSON ({error})") from error
    if not isinstance(data, list):
        return [_json_article(data, path, path, stem)]
    if not data:
        raise InputError(path, "no articles in JSON list")
    articles = []
    for index, item in enumerate(data):
        try:
            articles.append(_json_article(item, path, f"{path}[{index}]", f"{stem}-{index + 1}"))
        except InputError as error:
            failures.append(error)
    return articles


def _json_article(item: Any, path: str, where: str, default_id: str) -> Article:
    """One JSON article; `where` names it in errors (`path`, or `path[index]` for a list item)."""
    if not isinstance(item, dict):
        raise InputError(where, "JSON article is not an object")
    text = next((item[name] for name in _TEXT_FIELDS if isinstance(item.get(name), str)), None)
    if text is None:
        raise InputError(where, "JSON article has no 'text', 'body' or 'content' string")
    cleaned = _cleaned(text, where)
    title, outlet, published = (_optional_str(item, name) for name in ("title", "outlet", "published"))
    return Article(
        id=_optional_str(item, "id") or default_id,
        path=path,
        title=title,
        text=cleaned.text,
        removed=cleaned.removed,
        **_found(
            [(outlet, "metadata"), (_find_outlet(cleaned), "text")],
            [(_parse_date(published or ""), "metadata"), (_find_published(cleaned.text), "text")],
        ),
    )


def _found(
    outlets: list[tuple[str | None, FieldSource]], dates: list[tuple[date | None, FieldSource]]
) -> dict[str, Any]:
    """Outlet and date from the strongest evidence that has them (listed strongest first), with its source."""
    outlet, outlet_source = next(((value, source) for value, source in outlets if value), (None, None))
    published, published_source = next(((value, source) for value, source in dates if value), (None, None))
    return {
        "outlet": outlet,
        "outlet_source": outlet_source,
        "published": published,
        "published_source": published_source,
    }


def _optional_str(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    return str(value).strip() or None


def _with_unique_ids(articles: list[Article]) -> list[Article]:
    """Same stems from different folders get `-2`, `-3`, ... in input order, so reruns give the same ids."""
    taken: set[str] = set()
    unique = []
    for article in articles:
        candidate, number = article.id, 1
        while candidate in taken:
            number += 1
            candidate = f"{article.id}-{number}"
        taken.add(candidate)
        unique.append(article if candidate == article.id else article.model_copy(update={"id": candidate}))
    return unique


def _looks_like_headline(text: str) -> bool:
    """A short first line with no final full stop, followed by more text."""
    first, _, rest = text.partition("\n")
    words = first.split()
    return (
        bool(rest.strip())
        and 2 <= len(words) <= _HEADLINE_MAX_WORDS
        and len(first) <= _HEADLINE_MAX_CHARS
        and not first.endswith((".", ":", ","))
    )


def _find_outlet(cleaned: CleanResult) -> str | None:
    """An outlet the text names: an agency tag like '(AP)', a byline, a 'Source:' or copyright line, or the
    site's name alone on a line of the header chrome cleaning removed.

    The first line is skipped when it is a headline: 'Aid for Ukraine' is not a byline. Of the removed
    lines only copyright and disclaimer lines are read: a related-stories list is full of 'X for Y'.
    """
    text = cleaned.text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if _looks_like_headline(text):
        lines = lines[1:]
    lines += [line.text for line in cleaned.removed_lines if line.label in _CREDIT_CHROME]
    for pattern in _OUTLET_PATTERNS:
        for line in lines:
            match = pattern.match(line)
            name = _outlet_name(match.group("outlet")) if match else None
            if name:
                return name
    return next(filter(None, map(_site_name, cleaned.removed_lines)), None)


def _site_name(line: RemovedLine) -> str | None:
    """A lone capitalised word above the article, such as the site's name in its header chrome."""
    if not (line.leading and line.label == "lone word" and line.text[:1].isupper()):
        return None
    return _outlet_name(line.text)


def _outlet_name(candidate: str) -> str | None:
    """`candidate` as an outlet's name, or None when it reads as a sentence, a role, a date, a section or a place."""
    name = candidate.strip(" .,:;|-–—")
    words = name.split()
    if not 1 <= len(words) <= _OUTLET_MAX_WORDS or _parse_date(name):
        return None
    if any(not (word[0].isupper() or word[0].isdigit() or word.lower() in NAME_CONNECTORS) for word in words):
        return None
    lowered = [word.lower() for word in words]
    if lowered[-1] in BYLINE_ROLES or all(word in FUNCTION_WORDS | SECTION_NAMES for word in lowered):
        return None
    if len(words) == 1 and (name.lower() in _MONTHS or name.lower() in _WEEKDAYS or _is_place(name)):
        return None
    return name


def _is_place(name: str) -> bool:
    from factdiff.normalize import shared_gazetteer

    return shared_gazetteer().lookup(name) is not None


def _find_published(text: str) -> date | None:
    """A date the page gives as its own: a line labelled 'Published'/'Updated'/..., or a line that only
    states a date among the first lines (a dateline, a scraper's date line).

    A date inside a sentence, or on a bare line further down, dates something else.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = [(number, line) for number, line in enumerate(lines) if len(line) <= _DATE_LINE_MAX]
    for _, line in short:
        labelled = _LABELLED_DATE.match(line)
        found = _leading_date(labelled.group("rest")) if labelled else None
        if found:
            return found
    for number, line in short:
        matched = _date_match(line)
        rest = line[: matched[1]] + " " + line[matched[2] :] if matched else ""
        if matched and number < _TOP_LINES and _DATE_LINE_REST.fullmatch(rest):
            return matched[0]
    return None


def _leading_date(text: str) -> date | None:
    """The date `text` opens with (after words like 'on Tuesday,'); dateparser reads forms the patterns miss."""
    found = _date_match(text)
    if found:
        return found[0] if _DATE_LINE_REST.fullmatch(text[: found[1]]) else None
    if not _YEAR.search(text) or _AMBIGUOUS_NUMERIC_DATE.search(text):
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _parse_date(text: str) -> date | None:
    """ISO, '3 March 2025' or 'March 3, 2025' anywhere in `text`; None when absent or impossible."""
    found = _date_match(text)
    return found[0] if found else None


def _date_match(text: str) -> tuple[date, int, int] | None:
    """The first valid date in `text`, with where it starts and ends."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = match.group("month")
            month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found = date(int(match.group("year")), month_number, int(match.group("day")))
            except ValueError:
                continue
            return found, match.start(), match.end()
    return None
