"""Articles in a language the rules do not read are set aside with a notice, never compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff.cli import app
from factdiff.ingest import load_articles
from factdiff.lang.language import language_of, readable

from .conftest import EXAMPLE

runner = CliRunner()

ENGLISH = (
    "Title: Ferry fire\nOutlet: {outlet}\nPublished: 2026-05-02\n\n"
    "A fire broke out on the ferry Lindra on Friday night. {count} people were injured and nobody died, "
    "the coastguard said. The ship was towed to the harbour on Saturday morning.\n"
)
GERMAN = (
    "Title: Brand auf der Fähre\nOutlet: Kurier\nPublished: 2026-05-02\n\n"
    "Auf der Fähre Lindra ist am Freitagabend ein Feuer ausgebrochen. Niemand kam ums Leben, neun Menschen "
    "wurden verletzt, teilte die Küstenwache mit. Das Schiff wurde am Samstag in den Hafen geschleppt.\n"
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(
            "Nine people were injured when the ferry caught fire on Friday night.", "en", id="english"
        ),
        pytest.param(
            "Neun Menschen wurden verletzt, als die Fähre am Freitagabend Feuer fing.", "de", id="german"
        ),
        pytest.param(
            "Neuf personnes ont été blessées vendredi soir dans l'incendie du ferry.", "fr", id="french"
        ),
        pytest.param("Ferry on fire", None, id="too short to tell"),
    ],
)
def test_language_of_a_text(text: str, code: str | None):
    assert language_of(text) == code


def test_unknown_language_is_readable_and_only_english_is_supported():
    assert readable(None) and readable("en") and not readable("de")


def _corpus(tmp_path: Path) -> list[str]:
    files = {
        "a.txt": ENGLISH.format(outlet="Harbour Post", count="Nine"),
        "b.txt": ENGLISH.format(outlet="Coast News", count="Twelve"),
        "c.txt": GERMAN,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in files]


def test_ingest_records_each_articles_language(tmp_path: Path):
    assert [a.language for a in load_articles(_corpus(tmp_path))] == ["en", "en", "de"]


def test_a_german_article_is_set_aside_with_a_notice_and_the_english_ones_are_compared(tmp_path: Path):
    result = runner.invoke(app, ["brief", *_corpus(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert "c: set aside: written in German" in result.stderr
    report = json.loads(result.stdout)
    assert {c["article"] for c in report["claims"]} == {"a", "b"}
    assert [e["stage"] for e in report["errors"]] == ["language"]
    sides = {span["article"] for c in report["contradictions"] for side in c["sides"] for span in side}
    assert sides == {"a", "b"}  # the injured count (nine / twelve) is still found between the English two


def test_a_run_of_only_unreadable_articles_fails_with_one_line(tmp_path: Path):
    path = tmp_path / "c.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(app, ["brief", str(path)])
    assert result.exit_code == 1
    assert "set aside: written in German" in result.stderr
    assert "Traceback" not in result.output


def test_plain_english_prose_is_english_without_the_model_and_other_text_still_asks_it(monkeypatch):
    from factdiff.lang import language

    english = (EXAMPLE / "articles" / "coastal-wire.txt").read_text(encoding="utf-8")
    german = (
        "Am Dienstagabend brach in einem Lagerhaus am Hafen ein Feuer aus. Niemand kam ums Leben. Zwölf "
        "Menschen wurden verletzt, teilte die Feuerwehr mit. Das Gebäude gehört einer Firma, die Holz und "
        "Getreide über mehrere Häfen an der Küste transportiert. Die Polizei ermittelt, was die Ursache war."
    )
    asked: list[str] = []
    real = language._identifier

    class Recording:
        def classify(self, text: str) -> tuple[str, float]:
            asked.append(text)
            return real().classify(text)

    monkeypatch.setattr(language, "_identifier", lambda: Recording())
    assert language.language_of(english) == "en" and asked == []
    assert language.language_of(german) == "de" and asked == [german]
