"""Shared by the HTML and browser tests: the example's report and a hostile article beside real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from factdiff.cli import app
from factdiff.models import Report

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_ARTICLES = REPO / "examples" / "harbour-fire" / "articles"
HOSTILE_TEXT = """Title: <script>document.title='pwned'</script> Fire <b>news</b>
Outlet: Evil <i>Gazette</i>
Published: 2026-03-12

PORT VELKIN - Seventeen people were injured when fire engulfed a harbourside warehouse on Tuesday.
<script>document.title='pwned';window.__pwned=1</script>
The fire broke out at about 9 p.m. on Tuesday at the Halvard Logistics warehouse on Pier 9.
<img src=x onerror="document.title='pwned';window.__pwned=1"> Nobody died in the fire.
Witnesses said the smoke was visible for miles, <a href="javascript:alert(1)">x</a> and <a href="https://evil.example/track.png">y</a> showed.
"""

runner = CliRunner()


def report_of(paths: list[Path]) -> Report:
    result = runner.invoke(app, ["brief", *map(str, paths), "-f", "json"])
    assert result.exit_code == 0, result.output
    return Report.model_validate_json(result.stdout)


def hostile_folder(tmp: Path) -> Path:
    """The hostile article as plain text (so cleaning keeps its markup as text) beside two example articles."""
    folder = tmp / "hostile"
    folder.mkdir()
    for name in ("harbour-herald.txt", "meridian-post.txt"):
        shutil.copy(EXAMPLE_ARTICLES / name, folder / name)
    (folder / "evil-gazette.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return folder


def write_html(paths: list[Path], out: Path) -> Path:
    result = runner.invoke(app, ["brief", *map(str, paths), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out
