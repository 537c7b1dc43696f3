"""The data contract between pipeline stages.

Every stage takes and returns these models, so any stage can run on its own,
be cached as JSON, or be replaced by another tool that speaks the same shapes.
`Report` is the public JSON contract: change its shape only with a new
`SCHEMA_VERSION`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"

Polarity = Literal["asserted", "denied"]
Modality = Literal["confirmed", "reported", "alleged", "unverified"]
EntityKind = Literal["person", "place", "organisation", "other"]
QuantityQualifier = Literal["exact", "at_least", "at_most", "about", "more_than", "less_than", "vague"]
ContradictionKind = Literal[
    "number",
    "time",
    "place",
    "attribution",
    "quote_wording",
    "status",
    "assertion_vs_allegation",
    "other",
]
Severity = Literal["low", "medium", "high"]
FieldSource = Literal["metadata", "html-meta", "text", "file-name"]
"""Where an article's outlet or date was found, strongest evidence first."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A verbatim piece of an article: `quote == article.text[start:end]`."""

    article: str = Field(description="Article id (the file stem).")
    start: int = Field(ge=0, description="Start offset in the article's cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the article's cleaned text.")
    quote: str = Field(description="The cleaned text between start and end, verbatim.")


class OffsetRun(_Model):
    """A run of cleaned text copied unchanged from the original file.

    Cleaned offsets `clean_start .. clean_start+length` map to
    `original_start .. original_start+length` of the file as read.
    """

    clean_start: int
    original_start: int
    length: int


class Article(_Model):
    id: str = Field(description="The file stem; unique within one run.")
    path: str = Field(description="Where the article was read from ('-' for stdin).")
    title: str | None = None
    outlet: str | None = Field(default=None, description="The outlet's name; None when the input names none.")
    outlet_source: FieldSource | None = Field(
        default=None,
        description="Where `outlet` came from: the input's metadata block or JSON fields, the HTML page's "
        "meta tags, or the article text; 'file-name' when nothing names the outlet, so the article is "
        "shown by its id (the file stem) and `outlet` is None. None for stdin and for reports before 1.2.",
    )
    published: date | None = None
    published_source: FieldSource | None = Field(
        default=None,
        description="Where `published` came from (metadata, html-meta or text); None when no date was found.",
    )
    text: str = Field(description="Cleaned text: the only text spans point into.")
    language: str | None = Field(
        default=None, description="ISO 639-1 code of the text's language; None when it is too short to tell."
    )
    offset_map: list[OffsetRun] = Field(
        default_factory=list, description="Cleaned offsets to offsets in the original file."
    )
    removed: list[str] = Field(
        default_factory=list, description="Short labels of what cleaning removed (chrome, duplicate, ...)."
    )


class Entity(_Model):
    text: str = Field(description="As written in the article.")
    kind: EntityKind = "other"
    canonical: str | None = Field(default=None, description="Normalised key, filled by the diff engine.")


class Quantity(_Model):
    text: str = Field(description="As written, e.g. 'at least 155', 'nearly 80 per cent'.")
    value: float | None = Field(default=None, description="The number, when one is stated or implied.")
    high: float | None = Field(default=None, description="Upper bound for ranges ('10 to 12').")
    qualifier: QuantityQualifier = "exact"
    unit: str | None = Field(default=None, description="What is counted, e.g. 'soldiers', 'percent'.")


class TimeRef(_Model):
    text: str = Field(description="As written, e.g. 'on Tuesday', 'last month', '3 March'.")
    kind: Literal["weekday", "date", "relative", "other"] = "other"
    value: str | None = Field(
        default=None, description="Normalised: weekday name in lower case, or an ISO date when resolvable."
    )


class Claim(_Model):
    """One checkable statement made by one article."""

    id: str = Field(description="Unique within a run, e.g. '<article>#c3'.")
    article: str
    statement: str = Field(description="The claim in plain words (for the offline backend, the sentence).")
    evidence: list[Span] = Field(min_length=1)
    subject: str | None = Field(default=None, description="Who or what the claim is about.")
    predicate: str | None = Field(default=None, description="The main verb or relation, lower case.")
    entities: list[Entity] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeRef] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    speaker: str | None = Field(default=None, description="Who the article attributes the claim to.")
    quote: str | None = Field(default=None, description="Direct quotation carried by the claim, if any.")
    polarity: Polarity = "asserted"
    modality: Modality = "confirmed"


class Fact(_Model):
    """Claims from different articles judged to be about the same thing."""

    id: str
    statement: str
    claims: list[str] = Field(description="Claim ids.")
    articles: list[str]


class Contradiction(_Model):
    id: str
    kind: ContradictionKind
    severity: Severity
    confidence: float = Field(ge=0, le=1)
    explanation: str
    sides: list[list[Span]] = Field(
        min_length=2, description="One list of spans per side of the disagreement."
    )
    fact: str | None = None
    claims: list[str] = Field(default_factory=list)


class UniqueDetail(_Model):
    id: str
    article: str
    quote: str
    start: int
    end: int
    statement: str
    claim: str | None = None


class Consensus(_Model):
    id: str
    statement: str
    articles: list[str]
    independent_sources: int = Field(description="Articles counted once per shared origin (wire copy).")
    evidence: list[Span]
    fact: str | None = None


class NameVariantForm(_Model):
    form: str
    articles: list[str]


class NameVariant(_Model):
    id: str
    canonical: str
    kind: EntityKind = "other"
    forms: list[NameVariantForm] = Field(min_length=2)


class SharedOrigin(_Model):
    """Articles that look like copies of one piece (wire copy, rewrites)."""

    articles: list[str]
    similarity: float
    explanation: str


class BriefingSentence(_Model):
    text: str
    cites: list[str] = Field(description="Finding ids this sentence rests on.")


class ArticleError(_Model):
    article: str
    stage: str
    message: str


class Usage(_Model):
    requests: int = 0
    input_tokens: int = 0
    cached_input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    cache_hits: int = 0


class Provenance(_Model):
    backend: str
    model: str | None = None
    base_url: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    factdiff_version: str
    heuristic: bool = Field(description="True when findings come from rules, not a model.")
    usage: Usage = Field(default_factory=Usage)


class Stats(_Model):
    articles: int = 0
    claims: int = 0
    facts: int = 0
    ungrounded_claims_dropped: int = 0
    contradictions: int = 0
    unique_details: int = 0
    consensus: int = 0


class Report(_Model):
    """Everything one run found, enough to re-render any output without re-running."""

    schema_version: str = SCHEMA_VERSION
    articles: list[Article]
    claims: list[Claim] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    unique_details: list[UniqueDetail] = Field(default_factory=list)
    consensus: list[Consensus] = Field(default_factory=list)
    name_variants: list[NameVariant] = Field(default_factory=list)
    shared_origins: list[SharedOrigin] = Field(default_factory=list)
    coverage: dict[str, list[str]] = Field(
        default_factory=dict, description="Fact id -> ids of the articles that report it."
    )
    briefing: list[BriefingSentence] = Field(default_factory=list)
    errors: list[ArticleError] = Field(default_factory=list)
    stats: Stats = Field(default_factory=Stats)
    provenance: Provenance


class Extraction(_Model):
    """What an extractor returns for one article: claims, or the reason there are none."""

    article: str
    claims: list[Claim] = Field(default_factory=list)
    error: str | None = None
    ungrounded: int = 0


class DiffResult(_Model):
    """What the diff stage returns; the pipeline wraps it into a Report."""

    facts: list[Fact] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    unique_details: list[UniqueDetail] = Field(default_factory=list)
    consensus: list[Consensus] = Field(default_factory=list)
    name_variants: list[NameVariant] = Field(default_factory=list)
    shared_origins: list[SharedOrigin] = Field(default_factory=list)
    coverage: dict[str, list[str]] = Field(default_factory=dict)


class Proposal(_Model):
    """A contradiction a rule found, put to the judge: a model judge can veto a rule's false alarm."""

    kind: ContradictionKind
    explanation: str


class RelatedClaims(_Model):
    """Claims from different articles that a judge reads as answers to one question, however they are worded."""

    question: str
    claims: list[str] = Field(min_length=2, description="Claim ids.")


class CandidateGroup(_Model):
    """Claims from different articles for the judge: undecided by rule, or a rule's proposed contradiction."""

    id: str
    claims: list[Claim] = Field(min_length=2)
    proposal: Proposal | None = None


Relation = Literal["agree", "contradict", "unrelated", "complementary"]


class Verdict(_Model):
    group: str
    relation: Relation
    kind: ContradictionKind | None = None
    reason: str
    confidence: float = Field(default=0.5, ge=0, le=1)
