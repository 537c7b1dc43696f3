"""The model-backed backend: claims, verdicts and prose from an OpenAI-compatible endpoint.

Every call goes through `LLMClient`, which owns caching, retries, budgets and
usage. This module decides what to ask and what to keep: quotes the model
returns are located in the article and grounded, so a claim the article does
not support never reaches the diff, and one article failing never sinks the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from factdiff import __version__
from factdiff.backend import Progress
from factdiff.config import Settings
from factdiff.errors import AuthError, BudgetExceeded, LLMError, ReplayMissError, TruncatedError
from factdiff.llm.chunking import CHUNK_TOKENS, OVERLAP_TOKENS, Chunk, split_article, split_in_two
from factdiff.llm.client import LLMClient
from factdiff.llm.schemas import BriefingDraft, ClaimList, ExtractedClaim, RelatedList, VerdictList
from factdiff.llm.tokens import count_tokens
from factdiff.models import (
    Article,
    Briefing,
    BriefingSentence,
    CandidateGroup,
    Claim,
    Entity,
    Extraction,
    Provenance,
    Quantity,
    RelatedClaims,
    Report,
    Span,
    TimeRef,
    Verdict,
)
from factdiff.normalize import distinct
from factdiff.prompts import RenderedPrompt, load_prompt, prompt_versions

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

MAX_SPLIT_DEPTH = 3
"""A truncated answer splits its input in two at most this many times (up to 8 parts)."""
GROUPS_PER_CALL = 200
"""Judge groups per call: a story's whole review (at most 150 undecided pairs plus the rules' proposals) in
one call of about 30,000 input tokens, so a story costs its articles' extraction calls plus three."""
RELATE_MAX_TOKENS = 30_000
"""Claims sent to `relate` in its one call; a larger story is left to word matching, with a warning."""


def relate_is_sent(articles: int, user_tokens: int, max_tokens: int = RELATE_MAX_TOKENS) -> bool:
    """Whether `relate` makes its call: claims of two articles at least, small enough for one call.

    The estimate asks the same question, so it never prices a call that is not made.
    """
    return articles >= 2 and user_tokens <= max_tokens


MAX_FINDINGS_PER_KIND = 25
_PART_NOTE = "This is one part of a longer article: extract the claims stated in this part."


def delimiter_token(text: str) -> str:
    """The code in `<article-CODE>`: unguessable by the article's author, yet stable so caches hit."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _failure(error: Exception) -> str:
    return str(error) or error.__class__.__name__


def _reraise_if_fatal(error: Exception) -> None:
    """A bad key, a replay that lacks an answer, or a bug concerns the whole run; the rest is one item's failure.

    A replay miss must never be absorbed as one item's failure: the run would carry on with
    answers nobody replayed, and an eval would pass on output it never checked.
    """
    if isinstance(error, (AuthError, ReplayMissError)) or not isinstance(error, LLMError):
        raise error


class LLMExtractor:
    def __init__(
        self,
        client: LLMClient,
        settings: Settings,
        *,
        chunk_tokens: int = CHUNK_TOKENS,
        overlap_tokens: int = OVERLAP_TOKENS,
    ) -> None:
        self._client = client
        self._settings = settings
        self._chunk_tokens = chunk_tokens
        self._overlap_tokens = overlap_tokens

    def extract(self, articles: Sequence[Article], progress: Progress | None = None) -> list[Extraction]:
        self._refuse_over_budget(articles)
        results = self._client.map(self._extract_article, articles, progress)
        extractions = []
        for article, result in zip(articles, results, strict=True):
            if isinstance(result, ReplayMissError):
                raise ReplayMissError(f"article {article.id}: {result}") from result
            if isinstance(result, Exception):
                _reraise_if_fatal(result)
                extractions.append(Extraction(article=article.id, error=_failure(result)))
            else:
                extractions.append(result)
        return extractions

    def _refuse_over_budget(self, articles: Sequence[Article]) -> None:
        """Better to refuse before the first call than to stop half way through."""
        settings = self._settings
        if settings.max_cost is None and settings.max_tokens is None:
            return
        from factdiff.llm.estimate import estimate

        expected = estimate(articles, settings, chunk_tokens=self._chunk_tokens)
        tokens = expected.input_tokens + expected.output_tokens
        if settings.max_tokens is not None and tokens > settings.max_tokens:
            raise BudgetExceeded(
                f"this run is estimated at {tokens} tokens, over --max-tokens {settings.max_tokens}: "
                "raise the limit or pass fewer articles"
            )
        if settings.max_cost is not None and expected.cost_usd > settings.max_cost:
            raise BudgetExceeded(
                f"this run is estimated at ${expected.cost_usd:.4f}, over --max-cost ${settings.max_cost:.4f}: "
                "raise the limit or pass fewer articles"
            )

    def chunks(self, article: Article) -> list[Chunk]:
        """The parts `article` is extracted in, one request each (before any split of a truncated answer)."""
        return split_article(
            article.text,
            max_tokens=self._chunk_tokens,
            overlap_tokens=self._overlap_tokens,
            model=self._client.model,
        )

    def _extract_article(self, article: Article) -> Extraction:
        """Claims with evidence located as well as the text allows; the ground stage then checks every span."""
        found: list[tuple[Chunk, ExtractedClaim]] = []
        for chunk in self.chunks(article):
            found.extend(self._extract_chunk(article, chunk, depth=0))
        claims, without_evidence = _to_claims(article, found)
        return Extraction(article=article.id, claims=claims, ungrounded=without_evidence)

    def _extract_chunk(
        self, article: Article, chunk: Chunk, depth: int
    ) -> list[tuple[Chunk, ExtractedClaim]]:
        try:
            answer = self._client.structured(extraction_prompt(article, chunk), ClaimList)
        except TruncatedError:
            halves = split_in_two(article.text, chunk) if depth < MAX_SPLIT_DEPTH else None
            if halves is None:
                raise
            log.info("%s: answer too long, splitting %d..%d in two", article.id, chunk.start, chunk.end)
            return [found for half in halves for found in self._extract_chunk(article, half, depth + 1)]
        return [(chunk, claim) for claim in answer.claims]


def extraction_prompt(article: Article, chunk: Chunk) -> RenderedPrompt:
    """The extraction request for one part of `article`; the Batch API sends exactly this one too."""
    whole = chunk.start == 0 and chunk.end == len(article.text)
    return load_prompt("extract_claims").render(
        token=delimiter_token(chunk.text),
        text=chunk.text,
        published=article.published.isoformat() if article.published else "unknown",
        part="" if whole else _PART_NOTE,
    )


def _locate(text: str, chunk: Chunk, quote: str) -> Span:
    """Where a quote sits: in its chunk first, so a sentence repeated elsewhere maps to the right copy.

    A quote found nowhere keeps the chunk's range; grounding then repairs or drops it.
    """
    start = text.find(quote, chunk.start, chunk.end)
    if start < 0:
        start = text.find(quote)
    if start < 0 or not quote:
        return Span(article="", start=chunk.start, end=chunk.end, quote=quote)
    return Span(article="", start=start, end=start + len(quote), quote=quote)


def _to_claims(article: Article, found: list[tuple[Chunk, ExtractedClaim]]) -> tuple[list[Claim], int]:
    """Claims with located evidence, once each even when overlapping chunks both saw them.

    Also returns how many came without any evidence: they are dropped and counted as ungrounded.
    """
    claims: list[Claim] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    without_evidence = 0
    for chunk, extracted in found:
        evidence = [
            _locate(article.text, chunk, quote).model_copy(update={"article": article.id})
            for quote in extracted.evidence
        ]
        if not evidence:
            without_evidence += 1
            continue
        where = tuple((span.start, span.end) for span in evidence)
        if where in seen:
            continue
        seen.add(where)
        claims.append(
            Claim(
                id=f"{article.id}#c{len(claims) + 1}",
                article=article.id,
                statement=extracted.statement,
                evidence=evidence,
                subject=extracted.subject,
                predicate=extracted.predicate.lower() if extracted.predicate else None,
                entities=[Entity(text=e.text, kind=e.kind) for e in extracted.entities],
                quantities=[Quantity(**q.model_dump()) for q in extracted.quantities],
                times=[TimeRef(**t.model_dump()) for t in extracted.times],
                places=extracted.places,
                speaker=extracted.speaker,
                quote=extracted.quote,
                polarity=extracted.polarity,
                modality=extracted.modality,
            )
        )
    return claims, without_evidence


def _delimited(prompt_name: str, variable: str, data: object) -> RenderedPrompt:
    """Render a prompt whose only input is JSON data inside a tag coded from the data's hash."""
    payload = json.dumps(data, ensure_ascii=False, indent=1)
    return load_prompt(prompt_name).render(token=delimiter_token(payload), **{variable: payload})


class LLMJudge:
    def __init__(
        self,
        client: LLMClient,
        *,
        groups_per_call: int = GROUPS_PER_CALL,
        relate_max_tokens: int = RELATE_MAX_TOKENS,
    ) -> None:
        self._client = client
        self._groups_per_call = groups_per_call
        self._relate_max_tokens = relate_max_tokens

    def relate(self, claims: Sequence[Claim]) -> list[RelatedClaims]:
        """One call over every claim; groups naming unknown ids or a single article are dropped."""
        article_of = {claim.id: claim.article for claim in claims}
        articles = len(set(article_of.values()))
        data = [{"id": claim.id, "article": claim.article, "claim": claim.statement} for claim in claims]
        prompt = _delimited("relate", "claims", data)
        if not relate_is_sent(
            articles, count_tokens(prompt.user, self._client.model), self._relate_max_tokens
        ):
            if articles >= 2:
                log.warning(
                    "%d claims are too many to relate in one call: only word-matched pairs go to the judge",
                    len(claims),
                )
            return []
        try:
            answer = self._client.structured(prompt, RelatedList)
        except LLMError as error:
            _reraise_if_fatal(error)
            log.warning(
                "relating claims failed, only word-matched pairs go to the judge: %s", _failure(error)
            )
            return []
        related = []
        for group in answer.groups:
            ids = distinct(claim_id for claim_id in group.claims if claim_id in article_of)
            if len({article_of[claim_id] for claim_id in ids}) >= 2:
                related.append(RelatedClaims(question=group.question, claims=ids))
        return related

    def judge(self, groups: Sequence[CandidateGroup]) -> list[Verdict]:
        """Several groups per call; a batch that fails leaves its groups undecided, with a warning."""
        size = self._groups_per_call
        batches = [list(groups[i : i + size]) for i in range(0, len(groups), size)]
        verdicts: list[Verdict] = []
        for batch, result in zip(batches, self._client.map(self._judge_batch, batches), strict=True):
            if isinstance(result, Exception):
                _reraise_if_fatal(result)
                log.warning("judging %d groups failed, left undecided: %s", len(batch), _failure(result))
            else:
                verdicts.extend(result)
        return verdicts

    def _judge_batch(self, batch: list[CandidateGroup]) -> list[Verdict]:
        data = [
            {
                "id": group.id,
                "claims": [
                    {
                        "article": claim.article,
                        "claim": claim.statement,
                        "evidence": [span.quote for span in claim.evidence],
                        "speaker": claim.speaker,
                        "polarity": claim.polarity,
                        "modality": claim.modality,
                    }
                    for claim in group.claims
                ],
                "proposed": group.proposal.model_dump() if group.proposal else None,
            }
            for group in batch
        ]
        answer = self._client.structured(_delimited("judge", "groups", data), VerdictList)
        asked = {group.id for group in batch}
        verdicts: dict[str, Verdict] = {}
        for given in answer.verdicts:
            if given.group not in asked or given.group in verdicts:
                continue
            verdicts[given.group] = Verdict(
                group=given.group,
                relation=given.relation,
                kind=(given.kind or "other") if given.relation == "contradict" else None,
                reason=given.reason,
                confidence=min(max(given.confidence, 0.0), 1.0),
            )
        return list(verdicts.values())


def _findings(report: Report, sections: Briefing) -> dict[str, object]:
    """What the writer may talk about, most important first, with the ids it must cite; capped so the prompt
    stays small. Outlets are named as the reader knows them."""
    from factdiff.brief import balanced, outlet_name

    cap = MAX_FINDINGS_PER_KIND
    return {
        "agreed": [
            {
                "id": f.finding,
                "statement": f.statement,
                "outlets": f.outlets,
                "independent": f.independent_sources,
            }
            for f in sections.agreed[:cap]
        ],
        "contested": [
            {
                "id": p.finding,
                "kind": p.kind,
                "confidence": p.confidence,
                "sides": [{"outlets": side.outlets, "says": side.says} for side in p.sides],
            }
            for p in sections.contested[:cap]
        ],
        "only_in_one": [
            {"id": d.finding, "outlet": outlet_name(report, d.quote.article), "quote": d.quote.quote}
            for d in balanced(sections.only_in_one, cap)
        ],
        "names": [{"id": n.finding, "name": n.name, "forms": n.forms} for n in sections.names[:cap]],
    }


class LLMWriter:
    def __init__(self, client: LLMClient) -> None:
        self._client = client

    def write(self, report: Report, sections: Briefing) -> list[BriefingSentence]:
        """Model prose citing finding ids; template prose when the model cannot be used."""
        from factdiff.brief import finding_ids, keep_cited, template_lead

        if not finding_ids(report):
            return []
        try:
            answer = self._client.structured(
                _delimited("briefing", "findings", _findings(report, sections)), BriefingDraft
            )
        except LLMError as error:
            _reraise_if_fatal(error)
            log.warning("briefing lead from templates instead of the model: %s", _failure(error))
            return template_lead(report, sections)
        drafted = [BriefingSentence(text=s.text, cites=s.cites) for s in answer.sentences]
        return keep_cited(drafted, report)


class LLMBackend:
    name = "llm"

    def __init__(self, client: LLMClient, settings: Settings) -> None:
        self.client = client
        self.extractor = LLMExtractor(client, settings)
        self.judge = LLMJudge(client)
        self.writer = LLMWriter(client)

    @classmethod
    def from_settings(cls, settings: Settings, *, http_client: httpx2.Client | None = None) -> LLMBackend:
        """The backend a run uses; tests pass an `httpx2.Client` with a mock transport."""
        return cls(LLMClient(settings, http_client=http_client), settings)

    def provenance(self) -> Provenance:
        return Provenance(
            backend=self.name,
            model=self.client.model,
            base_url=self.client.base_url,
            prompt_versions=prompt_versions(),
            factdiff_version=__version__,
            heuristic=False,
            usage=self.client.usage,
        )
