"""Inputs as they arrive in the wild: other encodings, a bad file among good ones, text nobody sees."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from factdiff.cleaning import to_original
from factdiff.cli import app
from factdiff.ingest import load_articles, read_articles

runner = CliRunner()
STORY = "Fire crews fought the blaze at the café on the quay for six hours, the chief said.\n"
OTHER = "Three people were hurt in the harbour fire on Tuesday, officials said.\n"


def _check_offsets(article, raw: str) -> None:
    """Every kept run of cleaned text is the original text at the place the map says."""
    for run in article.offset_map:
        piece = article.text[run.clean_start : run.clean_start + run.length]
        assert raw[run.original_start : run.original_start + run.length] == piece


def test_latin1_article_is_decoded_and_the_encoding_is_noted(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes(STORY.encode("latin-1"))
    [article] = load_articles([str(path)])
    assert "café" in article.text
    assert any(label.startswith("decoded from") for label in article.removed)


def test_utf16_with_bom_is_decoded(tmp_path: Path):
    path = tmp_path / "wide.txt"
    path.write_bytes(STORY.encode("utf-16"))  # with a BOM
    [article] = load_articles([str(path)])
    assert article.text == STORY.strip()
    assert "decoded from utf_16" in article.removed


def test_valid_utf8_is_never_redecoded(tmp_path: Path):
    path = tmp_path / "plain.txt"
    path.write_bytes("Officials in Zürich said the naïve plan failed — twice.\n".encode())
    [article] = load_articles([str(path)])
    assert article.text == "Officials in Zürich said the naïve plan failed — twice."
    assert not any(label.startswith("decoded from") for label in article.removed)


def _folder_with_bad_files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    (folder / "junk1.txt").write_bytes(os.urandom(512) + b"\x00\x01")
    (folder / "junk2.txt").write_bytes(bytes(range(256)) * 4)
    return folder


def test_every_bad_file_in_a_folder_is_named_and_the_rest_are_read(tmp_path: Path):
    articles, errors = read_articles([str(_folder_with_bad_files(tmp_path))])
    assert [a.id for a in articles] == ["a", "b"]
    assert sorted(Path(e.article).name for e in errors) == ["junk1.txt", "junk2.txt"]
    assert {e.stage for e in errors} == {"ingest"}


def test_cli_warns_once_per_bad_file_and_exits_0(tmp_path: Path):
    folder = str(_folder_with_bad_files(tmp_path))
    result = runner.invoke(app, ["brief", folder, "--format", "json", "--story-threshold", "0"])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "junk" in line]
    assert len(warnings) == 2 and all("warning" in line for line in warnings)
    report = json.loads(result.stdout)
    assert sorted(Path(e["article"]).name for e in report["errors"]) == ["junk1.txt", "junk2.txt"]


def test_cli_fails_when_no_input_is_readable(tmp_path: Path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.txt").write_bytes(os.urandom(300) + b"\x00")
    (folder / "y.txt").write_bytes(bytes(range(256)))
    result = runner.invoke(app, ["brief", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "x.txt" in result.stderr and "y.txt" in result.stderr


def test_a_bad_json_item_is_named_by_position_and_the_good_ones_are_read(tmp_path: Path):
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps([{"text": OTHER}, 42, {"title": "no text"}, {"text": STORY}]), encoding="utf-8"
    )
    articles, errors = read_articles([str(path)])
    assert [a.id for a in articles] == ["feed-1", "feed-4"]
    assert [e.article for e in errors] == [f"{path}[1]", f"{path}[2]"]
    assert "not an object" in errors[0].message and "no 'text'" in errors[1].message


HIDDEN_PAGE = """<html><head><title>Fire</title></head><body><article>
<p>Three people were hurt in the harbour fire on Tuesday, officials said at a briefing.</p>
<p hidden>Hidden attribute text says that nobody was hurt at all in the fire.</p>
<p aria-hidden="true">Aria hidden text says that the fire was started on purpose.</p>
<div style="color: red; DISPLAY : none">Display none text says the mayor resigned this morning.</div>
<p style="visibility:hidden">Invisible text says the port will be closed for a year.</p>
<template><p>Template text says that ten ships sank in the harbour.</p></template>
<noscript><p>Noscript text says that the chief was dismissed yesterday.</p></noscript>
<!-- Comment text says the report is fake and should be ignored. -->
<p>The fire chief said crews worked through the night to contain the blaze at the pier.</p>
</article></body></html>
"""


def test_html_a_browser_would_not_show_is_dropped(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HIDDEN_PAGE, encoding="utf-8")
    [article] = load_articles([str(path)])
    assert "Three people were hurt" in article.text and "crews worked" in article.text
    for hidden in (
        "Hidden attribute",
        "Aria hidden",
        "Display none",
        "Invisible",
        "Template",
        "Noscript",
        "Comment",
    ):
        assert hidden not in article.text, hidden
    assert "hidden HTML" in article.removed


def test_invisible_characters_are_removed_and_offsets_still_map(tmp_path: Path):
    raw = "Three\u200b people were\u202e hurt in the fi\u200dre,\u2066 officials\u2069 said.\ufeff\n\u200b\nMore text here follows now.\n"
    path = tmp_path / "zw.txt"
    path.write_text(raw, encoding="utf-8")
    [article] = load_articles([str(path)])
    assert (
        article.text == "Three people were hurt in the fire, officials said.\n\nMore text here follows now."
    )
    assert "invisible characters (7)" in article.removed
    _check_offsets(article, raw)
    start = article.text.index("fire")
    assert raw[to_original(article, start) : to_original(article, start + 4)] == "fi\u200dre"


def test_markdown_link_keeps_its_text(tmp_path: Path):
    raw = (
        "Officials spoke on Tuesday about the fire at the pier.\n\n"
        "[Click for the official statement](https://x.org/a_(b)) and see "
        '[the full report](https://x.org/r "Report") today.\n'
    )
    path = tmp_path / "links.md"
    path.write_text(raw, encoding="utf-8")
    [article] = load_articles([str(path)])
    assert article.text.endswith("Click for the official statement and see the full report today.")
    _check_offsets(article, raw)
