"""Reading articles: formats, folders, stdin, errors, and cleaning that keeps offsets."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from factdiff.cleaning import CleanResult, clean_text, to_original
from factdiff.errors import InputError
from factdiff.ingest import load_articles
from factdiff.models import Article

LEAD = "Firefighters battled a blaze at the harbour warehouse for six hours on Saturday night."
SECOND = 'Chief officer Maria Lopez said twelve crews attended, adding: "We were lucky the wind turned."'
THIRD = "The port authority said shipping would resume on Monday after an inspection of the quay."
BODY = f"{LEAD}\n\n{SECOND}\n\n{THIRD}\n"

HTML_PAGE = f"""<!doctype html>
<html><head><title>Warehouse fire | The Coast Post</title>
<meta property="og:site_name" content="The Coast Post">
<meta property="og:title" content="Warehouse fire at the harbour">
<meta property="article:published_time" content="2026-03-14T08:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/weather">Weather desk</a></li></ul></nav>
<article><h1>Warehouse fire at the harbour</h1>
<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>
<footer><p>Copyright 2026 The Coast Post. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_runs_copy_original(original: str, result: CleanResult) -> None:
    for run in result.offset_map:
        kept = result.text[run.clean_start : run.clean_start + run.length]
        assert original[run.original_start : run.original_start + run.length] == kept
    covered = sum(run.length for run in result.offset_map)
    assert covered == len(result.text) - result.text.count("\n")


# --- formats -------------------------------------------------------------------------------------


def test_plain_text_headline_date_and_outlet(tmp_path):
    raw = f"Warehouse fire at the harbour\nPublished: 3 March 2026\n\n(Coast Wire) {BODY}"
    path = write(tmp_path, "harbour.txt", raw)
    [article] = load_articles([str(path)])
    assert article.id == "harbour"
    assert article.path == str(path)
    assert article.title == "Warehouse fire at the harbour"
    assert article.published == date(2026, 3, 3)
    assert article.outlet == "Coast Wire"
    assert SECOND in article.text


def test_plain_text_without_headline_or_metadata(tmp_path):
    path = write(tmp_path, "bare.txt", BODY)
    [article] = load_articles([str(path)])
    assert (article.title, article.outlet, article.published) == (None, None, None)
    assert article.text == f"{LEAD}\n\n{SECOND}\n\n{THIRD}"


def test_date_inside_a_news_sentence_is_not_the_publication_date(tmp_path):
    path = write(tmp_path, "a.txt", f"{LEAD}\nThe quay reopened on 4 March 2026.\n")
    [article] = load_articles([str(path)])
    assert article.published is None


def test_headline_with_for_is_not_a_byline(tmp_path):
    path = write(tmp_path, "a.txt", f"Support Grows for Harbour Workers\n{BODY}")
    [article] = load_articles([str(path)])
    assert article.title == "Support Grows for Harbour Workers"
    assert article.outlet is None


def test_byline_names_the_outlet_and_stays_in_text(tmp_path):
    path = write(tmp_path, "a.txt", f"{BODY}\nJane Doe for Harbour Times\n")
    [article] = load_articles([str(path)])
    assert article.outlet == "Harbour Times"
    assert article.text.endswith("Jane Doe for Harbour Times")


def test_metadata_block_sets_fields_and_is_not_text(tmp_path):
    raw = f"Title: Harbour fire\nOUTLET: Coast Post\nPublished: 2026-03-14\nByline: Jane Doe\n\n{BODY}"
    path = write(tmp_path, "meta.md", raw)
    [article] = load_articles([str(path)])
    assert (article.title, article.outlet, article.published) == (
        "Harbour fire",
        "Coast Post",
        date(2026, 3, 14),
    )
    assert "Jane Doe" not in article.text
    assert article.text.startswith(LEAD)
    start = article.text.index("Maria Lopez")
    assert raw[to_original(article, start) :].startswith("Maria Lopez")


def test_markdown_heading_and_emphasis_are_stripped_with_offsets_kept(tmp_path):
    raw = f"# Warehouse fire at the harbour\n\n{LEAD}\n\nThe blaze was **not** deliberate, [police](https://x.test/p) said.\n"
    path = write(tmp_path, "story.md", raw)
    [article] = load_articles([str(path)])
    assert article.title == "Warehouse fire at the harbour"
    assert "The blaze was not deliberate, police said." in article.text
    assert "#" not in article.text and "*" not in article.text
    assert_runs_copy_original(raw, CleanResult(article.text, article.offset_map, article.removed))


def test_markdown_syntax_in_plain_text_is_left_alone(tmp_path):
    path = write(tmp_path, "a.txt", f"{LEAD} It was **big**.\n")
    [article] = load_articles([str(path)])
    assert "**big**" in article.text


def test_html_through_trafilatura_drops_navigation_and_footer(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    [article] = load_articles([str(path)])
    assert article.id == "page"
    assert article.title == "Warehouse fire at the harbour"
    assert article.outlet == "The Coast Post"
    assert article.published == date(2026, 3, 14)
    for sentence in (LEAD, SECOND, THIRD):
        assert sentence in article.text
    for chrome in ("Front page", "Weather desk", "All rights reserved", "Privacy policy"):
        assert chrome not in article.text
    assert article.offset_map == []
    with pytest.raises(ValueError):
        to_original(article, 0)


def test_json_object_with_body_field(tmp_path):
    record = {
        "body": BODY,
        "title": "Harbour fire",
        "outlet": "Coast Post",
        "published": "2026-03-14T09:30:00Z",
    }
    path = write(tmp_path, "one.json", json.dumps(record))
    [article] = load_articles([str(path)])
    assert (article.id, article.title, article.outlet) == ("one", "Harbour fire", "Coast Post")
    assert article.published == date(2026, 3, 14)
    assert SECOND in article.text


def test_json_list_ids_from_field_or_position(tmp_path):
    records = [{"text": LEAD, "id": "wire"}, {"content": SECOND}, {"text": THIRD}]
    path = write(tmp_path, "batch.json", json.dumps(records))
    articles = load_articles([str(path)])
    assert [a.id for a in articles] == ["wire", "batch-2", "batch-3"]
    assert [a.text for a in articles] == [LEAD, SECOND, THIRD]


# --- outlet and date from the article itself --------------------------------------------------

TOP = "Warehouse fire at the harbour"
MORE = "Crews stayed overnight.\nThe harbour master thanked them.\nTraffic was diverted.\n"


def read_one(tmp_path: Path, raw: str, name: str = "a.txt") -> Article:
    [article] = load_articles([str(write(tmp_path, name, raw))])
    return article


@pytest.mark.parametrize(
    ("raw", "outlet"),
    [
        (f"{BODY}\nBy Jane Doe, Harbour Herald\n", "Harbour Herald"),
        (f"{BODY}\nBy Tuesday, officials said the quay would reopen\n", None),
        (f"{BODY}\nby Jane Doe, Harbour Herald\n", "Harbour Herald"),
        (f"{BODY}\nBy Jane Doe, Staff Writer\n", None),
        (f"{BODY}\nBy Jane Doe, Lisbon\n", None),
        (f"{BODY}\nJane Doe for Harbour Times\n", "Harbour Times"),
        (f"{BODY}\nRelated stories\nMoney Raised for Harbour Workers\n", None),
        (f"(Coast Wire) - {BODY}", "Coast Wire"),
        (f"Quoted by the agency (Coast Wire), the chief said crews were safe.\n{BODY}", None),
        (f"{BODY}\nSource: Harbour Herald\n", "Harbour Herald"),
        (f"{BODY}\nSource: a senior official who asked not to be named\n", None),
        (f"{BODY}\n\u00a9 2026 Harbour Herald. All rights reserved.\n", "Harbour Herald"),
        (f"{BODY}\nCopyright \u00a9 2024-2026 Harbour Herald Ltd\n", "Harbour Herald Ltd"),
        (f"{BODY}\nCopyright law was changed in 2026, harbour officials said.\n", None),
        (f"Next Story\nHarbourline\n\n{TOP}\n\n{BODY}", "Harbourline"),
        (f"Next Story\nPolitics\n\n{TOP}\n\n{BODY}", None),
        (f"Next Story\nLisbon\n\n{TOP}\n\n{BODY}", None),
        (f"{TOP}\n\n{BODY}\nHarbourline\n", None),
    ],
)
def test_outlet_named_by_the_text_and_its_near_twin(tmp_path, raw, outlet):
    article = read_one(tmp_path, raw)
    assert article.outlet == outlet
    assert article.outlet_source == ("text" if outlet else "file-name")


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        (f"{BODY}\nUpdated on Tuesday, 3 March 2026 at 10:45 GMT\n", date(2026, 3, 3)),
        (f"{BODY}\nPublished figures on 3 March 2026 showed a rise.\n", None),
        (f"{BODY}\nLast updated: 3 March 2026 by the night desk\n", date(2026, 3, 3)),
        (f"{BODY}\nPublished: 14th of March, 2026\n", date(2026, 3, 14)),
        (f"{BODY}\nPublished: 03/04/2026\n", None),
        (f"{BODY}\nPublished: 23/04/2026\n", date(2026, 4, 23)),
        (f"3 March 2026\n{BODY}", date(2026, 3, 3)),
        (f"{BODY}{MORE}3 March 2026\n", None),
    ],
)
def test_publication_date_on_a_labelled_or_top_line_and_its_near_twin(tmp_path, raw, published):
    article = read_one(tmp_path, raw)
    assert article.published == published
    assert article.published_source == ("text" if published else None)


def test_metadata_block_outranks_the_text(tmp_path):
    raw = f"Outlet: Coast Post\nPublished: 2026-03-14\n\n(Coast Wire) {BODY}Published: 1 March 2026\n"
    article = read_one(tmp_path, raw)
    assert (article.outlet, article.outlet_source) == ("Coast Post", "metadata")
    assert (article.published, article.published_source) == (date(2026, 3, 14), "metadata")


def test_json_fields_outrank_the_text_and_the_text_fills_what_they_lack(tmp_path):
    record = {"text": f"(Coast Wire) {BODY}Published: 1 March 2026\n", "outlet": "Coast Post"}
    article = read_one(tmp_path, json.dumps(record), "one.json")
    assert (article.outlet, article.outlet_source) == ("Coast Post", "metadata")
    assert (article.published, article.published_source) == (date(2026, 3, 1), "text")


def html_page(head: str, body: str = BODY) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
    return f"<html><head><title>{TOP}</title>{head}</head><body><article><h1>{TOP}</h1>{paragraphs}</article></body></html>"


LD_JSON = json.dumps(
    {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": TOP,
        "datePublished": "2026-03-14T08:00:00Z",
        "publisher": {"@type": "Organization", "name": "Coast Post"},
    }
)


@pytest.mark.parametrize(
    ("head", "outlet", "published"),
    [
        ('<meta property="og:site_name" content="Coast Post">', "Coast Post", None),
        ('<meta name="application-name" content="Coast Post">', "Coast Post", None),
        ('<meta property="article:published_time" content="2026-03-14T08:00:00Z">', None, date(2026, 3, 14)),
        ('<meta property="og:published_time" content="2026-03-14T08:00:00Z">', None, date(2026, 3, 14)),
        (f'<script type="application/ld+json">{LD_JSON}</script>', "Coast Post", date(2026, 3, 14)),
    ],
)
def test_html_meta_tags_and_json_ld_give_outlet_and_date(tmp_path, head, outlet, published):
    article = read_one(tmp_path, html_page(head), "page.html")
    assert (article.outlet, article.published) == (outlet, published)
    assert article.outlet_source == ("html-meta" if outlet else "file-name")
    assert article.published_source == ("html-meta" if published else None)


def test_html_time_element_dates_the_page(tmp_path):
    raw = html_page("").replace("<h1>", '<time datetime="2026-03-14T08:00">14 March</time><h1>')
    article = read_one(tmp_path, raw, "page.html")
    assert (article.published, article.published_source) == (date(2026, 3, 14), "html-meta")


def test_html_date_in_the_story_is_not_the_publication_date(tmp_path):
    article = read_one(tmp_path, html_page("", f"{BODY}The quay reopened on 4 March 2024.\n"), "page.html")
    assert article.published is None


def test_html_meta_outranks_a_byline_and_a_byline_serves_without_meta(tmp_path):
    body = f"{BODY}By Jane Doe, Harbour Herald\n"
    with_meta = read_one(
        tmp_path, html_page('<meta property="og:site_name" content="Coast Post">', body), "a.html"
    )
    assert (with_meta.outlet, with_meta.outlet_source) == ("Coast Post", "html-meta")
    without = read_one(tmp_path, html_page("", body), "b.html")
    assert (without.outlet, without.outlet_source) == ("Harbour Herald", "text")


def test_an_article_naming_no_outlet_is_shown_by_file_name_and_stdin_has_no_source(tmp_path):
    article = read_one(tmp_path, BODY)
    assert (article.outlet, article.outlet_source, article.published_source) == (None, "file-name", None)
    [piped] = load_articles(["-"], stdin=io.StringIO(BODY))
    assert (piped.outlet, piped.outlet_source) == (None, None)


# --- folders, stdin, ids -------------------------------------------------------------------------


def test_folder_is_read_recursively_sorted_and_skips_other_files(tmp_path):
    write(tmp_path, "b.txt", LEAD)
    write(tmp_path, "sub/a.md", SECOND)
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, ".hidden/c.txt", THIRD)
    articles = load_articles([str(tmp_path)])
    assert [a.id for a in articles] == ["b", "a"]
    assert articles[1].path == str(tmp_path / "sub" / "a.md")


def test_duplicate_stems_get_deterministic_suffixes(tmp_path):
    first = write(tmp_path, "one/report.txt", LEAD)
    second = write(tmp_path, "two/report.html", HTML_PAGE)
    third = write(tmp_path, "three/report.md", THIRD)
    ids = [a.id for a in load_articles([str(first), str(second), str(third)])]
    assert ids == ["report", "report-2", "report-3"]
    assert [a.id for a in load_articles([str(third), str(first)])] == ["report", "report-2"]


def test_same_file_named_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", LEAD)
    assert len(load_articles([str(path), str(tmp_path)])) == 1


def test_stdin_is_an_article_called_stdin(tmp_path):
    path = write(tmp_path, "a.txt", LEAD)
    articles = load_articles([str(path), "-"], stdin=io.StringIO(f"Harbour reopens\n{THIRD}\n"))
    assert [a.id for a in articles] == ["a", "stdin"]
    assert articles[1].path == "-"
    assert articles[1].title == "Harbour reopens"
    assert articles[1].text.endswith(THIRD)


def test_stdin_html_is_recognised():
    [article] = load_articles(["-"], stdin=io.StringIO(HTML_PAGE))
    assert article.outlet == "The Coast Post"
    assert "Front page" not in article.text


# --- errors --------------------------------------------------------------------------------------


def error_for(paths: list[str]) -> InputError:
    with pytest.raises(InputError) as caught:
        load_articles(paths)
    error = caught.value
    assert "\n" not in str(error)
    assert str(error).startswith(f"{error.path}: ")
    return error


def test_missing_file(tmp_path):
    missing = str(tmp_path / "gone.txt")
    error = error_for([missing])
    assert error.path == missing
    assert "no such file" in str(error)


def test_binary_file(tmp_path):
    path = write(tmp_path, "x.html", bytes(range(256)))
    assert "not text" in str(error_for([str(path)]))


def test_empty_after_cleaning(tmp_path):
    path = write(
        tmp_path, "junk.txt", "Next Story\nShare\n\nSend Push\nLoving Newsapp? Download the app now\n"
    )
    assert "empty after cleaning" in str(error_for([str(path)]))


def test_unknown_suffix_named_explicitly(tmp_path):
    path = write(tmp_path, "story.pdf", LEAD)
    assert "unsupported file type" in str(error_for([str(path)]))


def test_folder_without_articles(tmp_path):
    write(tmp_path, "notes.csv", "a,b\n")
    assert "no articles found in folder" in str(error_for([str(tmp_path)]))


def test_invalid_json(tmp_path):
    path = write(tmp_path, "x.json", "{not json")
    assert "not valid JSON" in str(error_for([str(path)]))


def test_json_without_text(tmp_path):
    path = write(tmp_path, "x.json", json.dumps({"title": "Only a title"}))
    assert "no 'text'" in str(error_for([str(path)]))


# --- cleaning ------------------------------------------------------------------------------------


def test_repeated_paragraphs_keep_first_occurrence():
    raw = f"{LEAD}\n{SECOND}\n{THIRD}\n{SECOND}\n{THIRD}\n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n{SECOND}\n{THIRD}"
    assert "duplicate paragraph" in result.removed
    assert_runs_copy_original(raw, result)


def test_repeated_sentence_inside_another_paragraph_is_dropped():
    raw = f"{LEAD} {THIRD}\n\nInspectors arrived at dawn. {LEAD}\n"
    result = clean_text(raw)
    assert result.text.count(LEAD) == 1
    assert result.text.endswith("Inspectors arrived at dawn.")
    assert "duplicate sentence" in result.removed
    assert_runs_copy_original(raw, result)


def test_short_repeated_sentences_are_kept():
    raw = 'He said: "No." Then he left.\nShe replied: "No." Then she left.\n'
    assert clean_text(raw).text == raw.strip()


def test_teaser_drops_repeated_part_and_keeps_its_unique_lead():
    teaser = f"{LEAD} {SECOND[:40]}..."
    raw = f"{teaser}\n\n{SECOND} {THIRD}\n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n\n{SECOND} {THIRD}"
    assert "teaser" in result.removed
    assert_runs_copy_original(raw, result)


def test_teaser_that_is_a_prefix_of_a_later_paragraph_disappears():
    raw = f"{THIRD[:50]}...\n{THIRD}\n"
    result = clean_text(raw)
    assert result.text == THIRD
    assert result.removed == ["teaser"]


def test_trailing_ellipsis_in_a_quote_is_not_a_teaser():
    raw = f'{LEAD}\nShe said: "We will rebuild, but it takes time..."\n'
    assert clean_text(raw).text == raw.strip()


@pytest.mark.parametrize(
    ("junk", "label"),
    [
        ("Next Story", "navigation"),
        ("Share this article", "navigation"),
        ("Follow us on Mastodon", "navigation"),
        ("Send Push", "push prompt"),
        ("Enable notifications to get breaking news", "push prompt"),
        ("Enjoying Portnews? Download the app now", "app prompt"),
        ("Sorry!!", "error banner"),
        ("Oops! The page you are looking for could not be found.", "error banner"),
        ("date 2026-03-14 404", "status line"),
        ("Find more stories on Business in Portnews", "trailer"),
        ("Read more: Ferry timetable changes", "trailer"),
        ("CommentsNo comment", "comments"),
        ("© 2026 Portnews. All rights reserved.", "copyright"),
        ("Portnews", "lone word"),
        ("* * *", "decoration"),
        ("Portnews provides the information “as is” without warranty of any kind.", "legal disclaimer"),
    ],
)
def test_page_chrome_is_removed_with_a_label(junk, label):
    raw = f"{LEAD}\n{junk}\n{SECOND}\n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n{SECOND}"
    assert result.removed == [label]


def test_legal_disclaimer_removes_everything_after_it():
    raw = f"{LEAD}\n{SECOND}\nLegal Disclaimer:\nThe provider accepts no liability for this content.\nComments\n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n{SECOND}"
    assert result.removed == ["legal disclaimer"]


def test_related_links_block_is_removed_but_text_after_it_stays():
    raw = f"{LEAD}\n\nRelated Sources:\n\n• Source 1 • Source 2\nHarbour map\n\n{THIRD}\n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n\n{THIRD}"
    assert result.removed == ["trailer"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents were told to download the council's emergency app to receive evacuation alerts.",
        "Sorry, said the mayor, is not enough for the families who lost their homes.",
        "Officials said the page you were looking for on the council website had been taken down after the fire.",
        "Share prices of the port operator fell 4 per cent on Monday.",
        "Follow-up inspections will take place next week, the authority said.",
    ],
)
def test_news_sentences_that_look_like_chrome_are_kept(sentence):
    raw = f"{LEAD}\n{sentence}\n"
    assert clean_text(raw).text == raw.strip()


def test_whitespace_inside_kept_text_is_untouched_and_blank_lines_collapse():
    raw = f"  \n\n   {LEAD}  \r\n\r\n\r\n\tQuote:  “two  spaces”  \n"
    result = clean_text(raw)
    assert result.text == f"{LEAD}\n\nQuote:  “two  spaces”"
    assert_runs_copy_original(raw, result)


def test_to_original_maps_start_and_end_offsets(tmp_path):
    raw = f"Next Story\n\n   {LEAD}\n{SECOND}\n{SECOND}\n"
    path = write(tmp_path, "a.txt", raw)
    [article] = load_articles([str(path)])
    start = article.text.index("Maria")
    end = start + len("Maria Lopez")
    assert raw[to_original(article, start) : to_original(article, end)] == "Maria Lopez"
    assert to_original(article, len(article.text)) == raw.index(SECOND) + len(SECOND)
    with pytest.raises(ValueError):
        to_original(article, len(article.text) + 1)


def test_clean_text_is_pure():
    raw = f"Next Story\n{LEAD}\n{LEAD}\n"
    assert clean_text(raw) == clean_text(raw)


def test_html_without_article_text(tmp_path):
    path = write(tmp_path, "blank.htm", "<html><head><title>Nothing here</title></head><body></body></html>")
    error = error_for([str(path)])
    assert error.path == str(path)
