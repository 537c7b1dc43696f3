"""The shapes a model fills in, kept apart from the pipeline's own models.

Strict JSON-schema output requires every field to be present and forbids extra
keys and defaults, so optional values are nullable instead of omitted. The model
returns evidence as verbatim quotes only: offsets are computed by us and checked
by grounding, never taken from the model.

The schema is sent with every call, so it carries no titles or descriptions:
what each field means is said once, in the versioned prompt.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from factdiff.models import ContradictionKind, EntityKind, Modality, Polarity, QuantityQualifier, Relation


def _without_titles(schema: dict[str, Any]) -> None:
    """Titles only repeat the field names, at a cost in tokens on every request."""
    schema.pop("title", None)
    for field in schema.get("properties", {}).values():
        field.pop("title", None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_titles)


class ExtractedEntity(_Strict):
    text: str
    kind: EntityKind


class ExtractedQuantity(_Strict):
    text: str
    value: float | None
    high: float | None
    qualifier: QuantityQualifier
    unit: str | None


class ExtractedTime(_Strict):
    text: str
    kind: Literal["weekday", "date", "relative", "other"]
    value: str | None


class ExtractedClaim(_Strict):
    statement: str
    evidence: list[str]
    subject: str | None
    predicate: str | None
    entities: list[ExtractedEntity]
    quantities: list[ExtractedQuantity]
    times: list[ExtractedTime]
    places: list[str]
    speaker: str | None
    quote: str | None
    polarity: Polarity
    modality: Modality


class ClaimList(_Strict):
    claims: list[ExtractedClaim]


class GroupVerdict(_Strict):
    group: str
    relation: Relation
    kind: ContradictionKind | None
    reason: str
    confidence: float


class VerdictList(_Strict):
    verdicts: list[GroupVerdict]


class RelatedGroup(_Strict):
    question: str
    claims: list[str]


class RelatedList(_Strict):
    groups: list[RelatedGroup]


class DraftSentence(_Strict):
    text: str
    cites: list[str]


class BriefingDraft(_Strict):
    sentences: list[DraftSentence]
