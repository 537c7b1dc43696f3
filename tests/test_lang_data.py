"""The language data: versioned files, one copy of each list, and no word list left in code."""

from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pytest

from factdiff.lang import lexicon
from factdiff.lang.inflect import singular

PACKAGE = Path(__file__).resolve().parents[1] / "factdiff"
DATA = resources.files("factdiff.lang").joinpath("data")
MIN_LIST = 6
"""A literal of this many word-like strings is a hand-written word list."""
NOT_LANGUAGE = {
    ("cli.py", "fixture"): "the eval table's column headers",
    ("ingest.py", "title"): "article header field names",
}
"""Literals the scan would flag that are not language data, by module and first string."""
ONE_LIST = (
    ("people", ("titles", "honorifics", "title_modifiers")),
    ("people", ("people_nouns", "people_groups")),
    ("stopwords", ("function_words", "number_phrase_ends", "uninformative_words")),
    ("places", ("divisions", "settlements", "features", "structures", "compass_words")),
)
"""Lists that together make one list (a title is one kind of word before a name): no word in two of them."""
ENGINE = ("align.py", "normalize.py", "quantities.py", "timeref.py", "diff")


def _files() -> dict[str, dict]:
    return {
        item.name: tomllib.loads(item.read_text(encoding="utf-8"))
        for item in DATA.iterdir()
        if item.name.endswith(".toml")
    }


def test_every_data_file_loads_and_has_a_version() -> None:
    files = _files()
    assert {f"{name}.toml" for name in lexicon.DATA_FILES} <= set(files)
    for name, data in files.items():
        assert isinstance(data.get("version"), int) and data["version"] >= 1, name


def test_no_list_name_is_defined_in_two_files() -> None:
    names = Counter(key for data in _files().values() for key in data if key != "version")
    assert [name for name, count in names.items() if count > 1] == []


def test_word_lists_have_no_repeats() -> None:
    for name, data in _files().items():
        for key, value in data.items():
            if isinstance(value, str):
                words = value.split()
                assert len(words) == len(set(words)), (
                    name,
                    key,
                    [w for w, n in Counter(words).items() if n > 1],
                )


@pytest.mark.parametrize(("file", "keys"), ONE_LIST)
def test_no_word_in_two_lists_that_are_one(file: str, keys: tuple[str, ...]) -> None:
    data = lexicon.load(file)
    seen: dict[str, str] = {}
    for key in keys:
        for word in data[key].split():
            assert word not in seen, f"{word!r} is in both {seen[word]} and {key}"
            seen[word] = key


def test_constants_are_immutable() -> None:
    for name in dir(lexicon):
        if name.isupper():
            assert isinstance(getattr(lexicon, name), frozenset | tuple | MappingProxyType), name


def _word_lists(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, first string) of every literal holding `MIN_LIST` or more word-like strings."""
    # Literal["a", "b", ...] is a type and __all__ a list of names, not word lists
    skipped = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            skipped.add(id(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            items = node.elts
        elif isinstance(node, ast.Dict) and all(isinstance(value, ast.Constant) for value in node.values):
            items = [key for key in node.keys if key is not None]  # a map of words; a JSON record is not
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            items = [ast.Constant(word) for word in node.func.value.value.split()]  # "a b c".split()
        else:
            continue
        words = [
            item.value
            for item in items
            if isinstance(item, ast.Constant)
            and isinstance(item.value, str)
            and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", item.value)
        ]
        if len(words) >= MIN_LIST:
            found.append((node.lineno, words[0]))
    return found


def test_no_hand_written_word_list_outside_the_data_files() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "lang":
            continue
        for line, first in _word_lists(ast.parse(path.read_text(encoding="utf-8"))):
            if (relative.as_posix(), first) not in NOT_LANGUAGE:
                offenders.append(f"{relative}:{line} ({first!r}, ...)")
    assert offenders == [], "word lists belong in factdiff/lang/data/*.toml"


@pytest.mark.parametrize(
    "source",
    [
        'WORDS = {"one", "two", "three", "four", "five", "six"}',
        'WORDS = frozenset("one two three four five six".split())',
        'NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}',
    ],
)
def test_the_scan_finds_a_word_list(source: str) -> None:
    assert _word_lists(ast.parse(source))


def test_engine_modules_do_not_import_the_offline_backend() -> None:
    for name in ENGINE:
        for path in [PACKAGE / name] if name.endswith(".py") else sorted((PACKAGE / name).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    assert not (node.module or "").startswith("factdiff.offline"), path


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("buses", "bus"),
        ("wages", "wage"),
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("troops", "troop"),
        ("lives", "life"),
        ("crises", "crisis"),
        ("Soldiers", "soldier"),
        ("police", "police"),
        ("news", "news"),
        ("series", "series"),
        ("drones", "drone"),
        ("injured", "injured"),
        ("status", "status"),
    ],
)
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected


def test_alternation_puts_longer_words_first() -> None:
    pattern = re.compile(rf"\b{lexicon.alternation(frozenset({'on', 'onto'}))}\b")
    assert pattern.search("climbed onto it").group() == "onto"
