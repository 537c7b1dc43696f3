from datetime import date
from pathlib import Path

import pytest

from factdiff.models import Article
from factdiff.offline.extractor import OfflineExtractor, split_sentences

TEXT = """Harbour fire destroys warehouse
Fire Chief Maria Alvarez said at least 40 firefighters fought the blaze on Tuesday.
“We lost nothing we cannot rebuild. Nobody was hurt,” Alvarez told reporters.
She added that the cause was unknown.
The harbour authority denied that safety checks had been skipped.
According to port manager Tom Reilly, the fire started near the U.S. Navy pier around midnight.
Three workers were allegedly inside when it began, said Dr. Jane Okafor, a local doctor.
The claim could not be independently verified.
The company neither confirmed nor denied the report.
Residents reportedly heard explosions.
The city council’s spokesman said the site in the Harbour district would close.
Read more
"""
ARTICLE = Article(id="harbour", path="harbour.txt", text=TEXT, published=date(2025, 4, 10))


@pytest.fixture(scope="module")
def claims():
    [extraction] = OfflineExtractor().extract([ARTICLE])
    assert extraction.error is None
    return extraction.claims


def _claim_with(claims, words):
    matches = [claim for claim in claims if words in claim.statement]
    assert len(matches) == 1, [claim.statement for claim in claims]
    return matches[0]


def test_every_claim_quotes_its_sentence_verbatim(claims):
    assert claims
    for number, claim in enumerate(claims, start=1):
        assert claim.id == f"harbour#c{number}"
        for span in claim.evidence:
            assert TEXT[span.start : span.end] == span.quote == claim.statement


def test_headlines_and_chrome_are_not_claims(claims):
    statements = [claim.statement for claim in claims]
    assert not any("Harbour fire destroys" in s or s == "Read more" for s in statements)


def test_quote_with_inner_full_stop_stays_one_sentence(claims):
    claim = _claim_with(claims, "We lost nothing")
    assert claim.quote == "We lost nothing we cannot rebuild. Nobody was hurt,"
    assert claim.speaker == "Alvarez"


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("at least 40 firefighters", "Maria Alvarez"),
        ("She added", "Alvarez"),
        ("According to port manager", "Tom Reilly"),
        ("Three workers", "Jane Okafor"),
        ("council’s spokesman", "city council’s spokesman"),
    ],
)
def test_speaker_patterns(claims, words, speaker):
    assert _claim_with(claims, words).speaker == speaker


def test_abbreviations_do_not_end_sentences(claims):
    assert _claim_with(claims, "U.S. Navy pier").statement.endswith("around midnight.")
    assert _claim_with(claims, "Dr. Jane Okafor").statement.startswith("Three workers")


@pytest.mark.parametrize(
    ("words", "polarity", "modality"),
    [
        ("denied that safety checks", "denied", "confirmed"),
        ("Three workers", "asserted", "alleged"),
        ("independently verified", "asserted", "unverified"),
        ("neither confirmed nor denied", "asserted", "unverified"),
        ("reportedly heard", "asserted", "reported"),
        ("at least 40 firefighters", "asserted", "confirmed"),
    ],
)
def test_denials_and_hedges(claims, words, polarity, modality):
    claim = _claim_with(claims, words)
    assert (claim.polarity, claim.modality) == (polarity, modality)


def test_numbers_times_and_names(claims):
    claim = _claim_with(claims, "at least 40 firefighters")
    assert [(q.value, q.qualifier, q.unit) for q in claim.quantities] == [(40, "at_least", "firefighter")]
    assert [(t.kind, t.value) for t in claim.times] == [("weekday", "tuesday")]
    assert {"kind": "person", "text": "Maria Alvarez"} in [
        e.model_dump(include={"kind", "text"}) for e in claim.entities
    ]
    assert claim.predicate == "say"
    district = _claim_with(claims, "Harbour district")
    assert "Harbour district" in district.places


def test_curly_quote_opening_with_closing_mark_is_a_quotation():
    text = "The minister spoke. He added, ”Our stance is clear and it is widely known.”\n"
    article = Article(id="x", path="x.txt", text=text)
    [extraction] = OfflineExtractor().extract([article])
    claim = _claim_with(extraction.claims, "stance")
    assert claim.quote == "Our stance is clear and it is widely known."


def test_split_sentences_respects_initials_and_lines():
    text = "J. Smith arrived. Talks resumed!\nA new line starts here"
    pieces = [text[start:end] for start, end in split_sentences(text)]
    assert pieces == ["J. Smith arrived.", "Talks resumed!", "A new line starts here"]


def test_progress_is_reported_per_article():
    done: list[int] = []
    results = OfflineExtractor().extract([ARTICLE, ARTICLE.model_copy(update={"id": "b"})], done.append)
    assert [r.article for r in results] == ["harbour", "b"] and sum(done) == 2


def test_seed_articles_have_verbatim_evidence_and_speakers(seeds_dir: Path):
    extractor = OfflineExtractor()
    speakers_of_quotes = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        article = Article(id=path.stem, path=str(path), text=path.read_text())
        [extraction] = extractor.extract([article])
        assert extraction.error is None and extraction.claims
        for claim in extraction.claims:
            for span in claim.evidence:
                assert article.text[span.start : span.end] == span.quote
            speakers_of_quotes += claim.quote is not None and claim.speaker is not None
    assert speakers_of_quotes >= 5


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“The divers keep going,” al-Hamadi said.", "al-Hamadi"),
        ("The town's mayor, Ingrid Salo, said the outbreak had been preventable.", "Ingrid Salo"),
        ("Ingrid Salo, the town's mayor, said the outbreak had been preventable.", "Ingrid Salo"),
        ("The town's mayor said the outbreak had been preventable.", "town's mayor"),
        ("Ingrid Salo boasted that the outbreak had been contained.", "Ingrid Salo"),
        ("Ingrid Salo noticed that the outbreak had been contained.", None),
    ],
)
def test_speaker_names_with_particles_or_in_apposition_to_a_role(sentence, speaker):
    [extraction] = OfflineExtractor().extract([Article(id="s", path="s.txt", text=sentence)])
    [claim] = extraction.claims
    assert claim.speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        pytest.param(
            "“The roof shook,” Ingrid Salo, a shopkeeper, was quoted by the Ridgeway agency as saying.",
            "Ingrid Salo",
            id="the person quoted",
        ),
        pytest.param(
            "“The roof shook,” as quoted by Ingrid Salo.", "Ingrid Salo", id="nobody named before it"
        ),
    ],
)
def test_the_speaker_of_words_quoted_by_an_outlet_is_the_person_quoted(sentence: str, speaker: str):
    [extraction] = OfflineExtractor().extract([Article(id="s", path="s.txt", text=sentence)])
    [claim] = extraction.claims
    assert claim.speaker == speaker


@pytest.mark.parametrize(
    ("opening", "times"),
    [
        pytest.param("HALVIK, March 11 (Ridgeway) - Orlund Motors", ["on Wednesday"], id="wire dateline"),
        pytest.param("By March 11 Orlund Motors", ["March 11", "on Wednesday"], id="a date in the sentence"),
    ],
)
def test_a_wire_datelines_date_is_the_filing_date_not_a_time_of_the_claim(opening: str, times: list[str]):
    text = f"{opening} on Wednesday reported a return to profit for 2025.\n"
    article = Article(id="wire", path="wire.txt", text=text, published=date(2026, 3, 11))
    [extraction] = OfflineExtractor().extract([article])
    [claim] = extraction.claims
    assert [time.text for time in claim.times] == times


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("Lesk Bridge", "place", id="a bridge"),
        pytest.param("Halloran Street", "place", id="a street"),
        pytest.param("Marta Lesk", "person", id="a person"),
    ],
)
def test_a_name_ending_in_a_structure_noun_is_a_place_not_a_person(name: str, kind: str):
    text = f"A crowd had gathered near {name} before noon on Tuesday.\n"
    article = Article(id="names", path="names.txt", text=text, published=date(2026, 3, 11))
    [extraction] = OfflineExtractor().extract([article])
    [claim] = extraction.claims
    assert [(entity.text, entity.kind) for entity in claim.entities] == [(name, kind)]
