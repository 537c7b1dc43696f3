"""The briefing: sections built from findings, ranked by importance, each passage in one section only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdiff.brief import (
    balanced,
    build_briefing,
    confidence_word,
    keep_cited,
    states_fact,
    template_lead,
)
from factdiff.cli import app
from factdiff.ingest import load_articles
from factdiff.models import (
    Article,
    BriefingSentence,
    Consensus,
    Contradiction,
    OutletDetails,
    Provenance,
    Report,
    SoleDetail,
    Span,
    UniqueDetail,
)
from factdiff.offline import OfflineBackend
from factdiff.pipeline import run
from factdiff.render import briefing_markdown

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour-fire" / "articles"
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
runner = CliRunner()


def span(article: str, text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(article=article, start=start, end=start + len(sentence), quote=sentence)


def report_of(articles: dict[str, str], **findings: object) -> Report:
    return Report(
        articles=[Article(id=k, path=f"{k}.txt", text=v, outlet=k.title()) for k, v in articles.items()],
        provenance=Provenance(backend="offline", factdiff_version="0", heuristic=True),
        **findings,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def example() -> Report:
    return run(load_articles([str(EXAMPLE)]), OfflineBackend())


def _passages(report: Report) -> dict[str, list[Span]]:
    briefing = report.briefing
    return {
        "contested": [s for p in briefing.contested for side in p.sides for s in side.quotes + side.folded],
        "agreed": [s for f in briefing.agreed for s in f.quotes],
        "only": [d.quote for g in briefing.only_in_one for d in g.details],
    }


def _overlap(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def test_a_passage_is_in_one_section_only(example: Report):
    sections = _passages(example)
    names = list(sections)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            shared = [a for a in sections[first] for b in sections[second] if _overlap(a, b)]
            assert shared == [], (first, second)
    assert all(sections.values())  # the example has passages in every section


def test_the_lead_has_at_most_five_sentences_each_citing_findings_that_exist(example: Report):
    lead = example.briefing.lead
    known = {c.id for c in example.contradictions} | {u.id for u in example.unique_details}
    known |= {k.id for k in example.consensus}
    assert 1 <= len(lead) <= 5
    assert all(sentence.cites and set(sentence.cites) <= known for sentence in lead)


def test_keep_cited_drops_unknown_citations_and_caps_the_lead(example: Report):
    real = example.contradictions[0].id
    drafted = [BriefingSentence(text=f"s{n}", cites=[real]) for n in range(8)]
    drafted.insert(0, BriefingSentence(text="made up", cites=["C999"]))
    kept = keep_cited(drafted, example)
    assert [s.text for s in kept] == ["s0", "s1", "s2", "s3", "s4"]


def test_agreed_keeps_only_quotes_that_state_the_fact():
    text_a = "The mayor opened the new bridge on Monday."
    text_b = "The new bridge was opened by the mayor."
    text_c = "The mayor spoke about traffic."
    fact = Consensus(
        id="K1",
        statement=text_a,
        articles=["a", "b", "c"],
        independent_sources=3,
        evidence=[span("a", text_a, text_a), span("b", text_b, text_b), span("c", text_c, text_c)],
    )
    report = report_of({"a": text_a, "b": text_b, "c": text_c}, consensus=[fact])
    [agreed] = build_briefing(report).agreed
    assert [q.article for q in agreed.quotes] == ["a", "b"]
    assert agreed.independent_sources == 2 and agreed.outlets == ["A", "B"]


def test_a_fact_left_with_one_outlet_stating_it_is_not_agreed():
    text_a = "The mayor opened the new bridge on Monday."
    text_c = "The mayor spoke about traffic."
    fact = Consensus(
        id="K1",
        statement=text_a,
        articles=["a", "c"],
        independent_sources=2,
        evidence=[span("a", text_a, text_a), span("c", text_c, text_c)],
    )
    assert build_briefing(report_of({"a": text_a, "c": text_c}, consensus=[fact])).agreed == []


def test_a_paraphrase_states_the_fact_and_a_topic_alone_does_not():
    assert states_fact("No one was killed.", "Nobody died in the fire.")
    assert not states_fact("Firefighters fought the blaze all night.", "Nobody died in the fire.")


def test_confidence_is_a_word():
    assert [confidence_word(c) for c in (0.9, 0.75, 0.6, 0.49)] == ["high", "high", "medium", "low"]


def _contradiction(cid: str, kind: str, severity: str, confidence: float, a: Span, b: Span) -> Contradiction:
    return Contradiction(
        id=cid,
        kind=kind,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        confidence=confidence,
        explanation="",
        sides=[[a], [b]],
    )


def test_contested_is_ranked_by_importance_not_by_order():
    a, b = "Twelve people were hurt. Gates opened at 9.", "Fifteen people were hurt. Gates opened at 10."
    wording = _contradiction(
        "C1",
        "quote_wording",
        "low",
        0.5,
        span("a", a, "Gates opened at 9."),
        span("b", b, "Gates opened at 10."),
    )
    figures = _contradiction(
        "C2",
        "number",
        "high",
        0.9,
        span("a", a, "Twelve people were hurt."),
        span("b", b, "Fifteen people were hurt."),
    )
    report = report_of({"a": a, "b": b}, contradictions=[wording, figures])
    assert [p.finding for p in build_briefing(report).contested] == ["C2", "C1"]


def test_a_side_says_its_own_words_never_the_same_words_as_the_other_side():
    a, b = "The fire was extinguished.", "The fire had not been declared extinguished."
    item = _contradiction("C1", "status", "medium", 0.6, span("a", a, a), span("b", b, b))
    item.said = ["extinguished", "extinguished"]
    [point] = build_briefing(report_of({"a": a, "b": b}, contradictions=[item])).contested
    assert point.sides[0].says != point.sides[1].says
    assert "not been declared" in point.sentence and "A" in point.sentence and "B" in point.sentence


def test_at_most_three_quotes_per_side_and_the_rest_folded():
    texts = {f"o{n}": f"Twelve people were hurt, outlet {n} said." for n in range(5)}
    other = "Fifteen people were hurt."
    side = [span(k, v, v) for k, v in texts.items()]
    item = Contradiction(
        id="C1",
        kind="number",
        severity="high",
        confidence=0.8,
        explanation="",
        sides=[side, [span("x", other, other)]],
    )
    [point] = build_briefing(report_of(texts | {"x": other}, contradictions=[item])).contested
    assert len(point.sides[0].quotes) == 3 and len(point.sides[0].folded) == 2


def _details(outlet: str, weights: list[float]) -> OutletDetails:
    quote = Span(article=outlet, start=0, end=1, quote="x")
    return OutletDetails(
        outlet=outlet,
        articles=[outlet],
        details=[
            SoleDetail(finding=f"{outlet}{n}", quote=quote, importance=w) for n, w in enumerate(weights)
        ],
    )


def test_details_are_balanced_across_outlets_most_important_first():
    groups = [_details("a", [0.9, 0.8, 0.7]), _details("b", [0.5]), _details("c", [0.95])]
    assert [d.finding for d in balanced(groups, 4)] == ["c0", "a0", "b0", "a1"]


def test_a_detail_about_the_story_outranks_colour(tmp_path: Path):
    a = "A chemical leak closed the plant. Inspectors found the leak came from a cracked valve. I love this town, she said."
    b = "The plant was closed after a chemical leak from a valve."
    details = [
        UniqueDetail(id="U1", article="a", quote=q.quote, start=q.start, end=q.end, statement=q.quote)
        for q in (
            span("a", a, "I love this town, she said."),
            span("a", a, "Inspectors found the leak came from a cracked valve."),
        )
    ]
    report = report_of({"a": a, "b": b}, unique_details=details)
    [group] = build_briefing(report).only_in_one
    assert group.details[0].quote.quote.startswith("Inspectors")


def test_template_lead_cites_what_it_says(example: Report):
    lead = template_lead(example, build_briefing(example))
    contested = {p.finding: p.sentence for p in example.briefing.contested}
    for sentence in lead:
        for cite in sentence.cites:
            if cite in contested:
                assert sentence.text == contested[cite]


def test_markdown_escapes_html_from_article_text(tmp_path: Path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Officials said 12 people were hurt. <script>alert(3)</script> An <img src=y onerror=alert(1)> image.\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.txt"
    other.write_text("Officials said 15 people were hurt in the blast.\n", encoding="utf-8")
    report = run(load_articles([str(hostile), str(other)]), OfflineBackend())
    markdown = briefing_markdown(report)
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown or "&lt;img" in markdown


def test_one_article_says_nothing_was_compared(tmp_path: Path):
    only = tmp_path / "only.txt"
    only.write_text("Officials said 12 people were hurt in the blast.\n", encoding="utf-8")
    markdown = briefing_markdown(run(load_articles([str(only)]), OfflineBackend()))
    assert "Nothing was compared" in markdown


def test_render_rebuilds_the_sections_of_a_report_that_kept_only_its_lead(example: Report, tmp_path: Path):
    old = json.loads(example.model_dump_json())
    old["schema_version"] = "1.1"
    old["briefing"] = [s.model_dump() for s in example.briefing.lead]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "## Contested" in result.stdout and "## In brief" in result.stdout


def test_render_refuses_a_report_of_an_unknown_schema(example: Report, tmp_path: Path):
    future = json.loads(example.model_dump_json())
    future["schema_version"] = "9.0"
    path = tmp_path / "future.json"
    path.write_text(json.dumps(future), encoding="utf-8")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1 and "schema" in result.stderr


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not beside this clone")
def test_seeds_no_quote_is_both_contested_and_only_in_one_source():
    report = run(load_articles([str(SEEDS)]), OfflineBackend())
    sections = _passages(report)
    assert not [a for a in sections["contested"] for b in sections["only"] if _overlap(a, b)]
    stems = {path.stem for path in SEEDS.iterdir()}
    assert all(point.sides for point in report.briefing.contested)
    assert not {o for p in report.briefing.contested for side in p.sides for o in side.outlets} <= stems
