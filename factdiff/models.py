"""The data contract between pipeline stages.

Every stage takes and returns these models, so any stage can run on its own,
be cached as JSON, or be replaced by another tool that speaks the same shapes.
`Report` is the public JSON contract: change its shape only with a new
`SCHEMA_VERSION`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "2.0"
READABLE_SCHEMAS = ("1.0", "1.1", "1.2", "2.0")
"""Report versions `factdiff render` reads: a 1.x report is read as the current one."""

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
        default_factory=list,
        description="Short labels of what cleaning removed (chrome, duplicate, hidden HTML, invisible "
        "characters, fake chat turns, ...), and 'decoded from <codec>' for a file that was not UTF-8.",
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
    said: list[str] = Field(
        default_factory=list,
        description="What each side says, in the article's words (a figure, a day), side by side; may be empty.",
    )


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


ConfidenceWord = Literal["high", "medium", "low"]


class AgreedFact(_Model):
    """A fact several outlets state, with only the quotes that state it."""

    finding: str = Field(description="The consensus finding id.")
    statement: str
    outlets: list[str] = Field(description="Outlet names, as shown.")
    independent_sources: int
    quotes: list[Span]


class ContestedSide(_Model):
    outlets: list[str]
    says: str = Field(description="What this side says, in a few words from the articles.")
    quotes: list[Span] = Field(description="The most relevant quotes, at most three.")
    folded: list[Span] = Field(default_factory=list, description="Further quotes, shown on request.")


class ContestedPoint(_Model):
    finding: str = Field(description="The contradiction id.")
    kind: ContradictionKind
    sentence: str = Field(description="The disagreement in one plain sentence.")
    why: str = Field(default="", description="How the rule or model saw it, outlets named as shown.")
    confidence: ConfidenceWord
    sides: list[ContestedSide] = Field(min_length=2)


class SoleDetail(_Model):
    finding: str = Field(description="The unique-detail id.")
    quote: Span
    importance: float = Field(
        default=0.0, description="How central and prominent the detail is; ranks details."
    )


class OutletDetails(_Model):
    """What only this outlet reports, most important first."""

    outlet: str
    articles: list[str]
    details: list[SoleDetail]


class Spelling(_Model):
    finding: str
    name: str
    forms: list[str] = Field(description="Each spelling with the outlets that use it.")


class CoverageRow(_Model):
    """One fact of the briefing and which articles report it (a row of the facts x outlets matrix)."""

    finding: str
    statement: str
    articles: list[str]


class TimelineEntry(_Model):
    when: date
    what: str
    quote: Span
    findings: list[str] = Field(default_factory=list)


class BriefingFooter(_Model):
    backend: str
    model: str | None = None
    heuristic: bool
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    ungrounded_claims_dropped: int = 0
    confidence_meaning: str


class Briefing(_Model):
    """What a reader sees, in sections; md, json and html render this and nothing else.

    A passage appears in one section only: contested first, then agreed, then only-in-one-source.
    """

    lead: list[BriefingSentence] = Field(default_factory=list, description="At most five sentences.")
    agreed: list[AgreedFact] = Field(default_factory=list)
    contested: list[ContestedPoint] = Field(default_factory=list)
    only_in_one: list[OutletDetails] = Field(default_factory=list)
    names: list[Spelling] = Field(default_factory=list)
    coverage: list[CoverageRow] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    footer: BriefingFooter | None = None


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
    unverified_claims: int = Field(
        default=0, description="Claims whose article was not given, so their quotes could not be checked."
    )
    contradictions: int = 0
    unique_details: int = 0
    consensus: int = 0


class Story(_Model):
    """Articles grouped as one story before anything is compared, in input order."""

    id: str
    title: str = Field(description="The headline of the story's first article, or its first words.")
    articles: list[str]


class Report(_Model):
    """Everything one run (or one story of a run) found, enough to re-render any output without re-running."""

    schema_version: str = SCHEMA_VERSION
    story: Story | None = Field(default=None, description="The story, when the run grouped several.")
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
    briefing: Briefing = Field(default_factory=Briefing)
    errors: list[ArticleError] = Field(default_factory=list)
    stats: Stats = Field(default_factory=Stats)
    provenance: Provenance

    @field_validator("schema_version")
    @classmethod
    def _readable_version(cls, version: str) -> str:
        if version not in READABLE_SCHEMAS:
            raise ValueError(
                f"schema_version {version!r} is not one this factdiff reads ({', '.join(READABLE_SCHEMAS)}): "
                "upgrade factdiff to read it"
            )
        return version

    @field_validator("briefing", mode="before")
    @classmethod
    def _lead_only(cls, value: object) -> object:
        """A 1.0/1.1 report kept only the lead sentences; `render` rebuilds the sections."""
        return {"lead": value} if isinstance(value, list) else value


class StoriesReport(_Model):
    """A run over many stories: one report per story, and what no story holds (articles set aside)."""

    schema_version: str = SCHEMA_VERSION
    stories: list[Report]
    errors: list[ArticleError] = Field(default_factory=list)
    provenance: Provenance

    @field_validator("schema_version")
    @classmethod
    def _readable_version(cls, version: str) -> str:
        if not version.startswith("2."):
            raise ValueError(f"schema_version {version!r}: a report of several stories starts at 2.0")
        return version


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
