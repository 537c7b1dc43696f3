"""Writing the model answers an eval fixture replays, without a model.

An eval fixture's `authored/<article>.json` holds the extraction answer a
careful model would give for that article, written by hand, and
`authored/related.json` the claims it would relate across articles, written
from the claim list without looking at the gold labels. The judge and
briefing answers are then authored from the fixture's gold labels: a group
of claims whose evidence covers both sides of a planted contradiction is
judged a contradiction of that kind, one covering a consensus fact agrees,
anything else is complementary. `AuthoringTransport` serves those answers
to the real SDK, so `factdiff eval --author` captures every request the
current prompts make and stores it, labelled `authored`, in
`responses.json`. Answers recorded from a real model are labelled
`recorded`, with the model and the date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import httpx2
from pydantic import BaseModel, Field

from factdiff.llm.backend import delimiter_token
from factdiff.llm.client import PROMPT_HEADER
from factdiff.llm.fake import chat_completion_body, request_key
from factdiff.llm.schemas import ClaimList, RelatedList
from factdiff.models import Article, Span
from factdiff.scoring import Gold, GoldQuote, locate

RESPONSES_FILE = "responses.json"
RELATED_FILE = "related.json"
"""In `authored/`: the groups of related claim ids a careful model would return, written without the gold."""


class StoredResponse(BaseModel):
    prompt: str
    body: dict[str, Any]


class ResponseFile(BaseModel):
    """`responses.json`: what a fixture replays, and where those answers came from."""

    source: Literal["authored", "recorded"]
    model: str = Field(description="The model name the requests carry (part of each replay key).")
    created: str
    prompt_versions: dict[str, str]
    note: str
    responses: dict[str, StoredResponse]

    def bodies(self) -> dict[str, dict[str, Any]]:
        return {key: stored.body for key, stored in self.responses.items()}


def load_responses(fixture: Path) -> ResponseFile:
    return ResponseFile.model_validate_json((fixture / RESPONSES_FILE).read_text(encoding="utf-8"))


def _between(text: str, tag: str) -> tuple[str, str]:
    """The delimiter token and the data between `<tag-TOKEN>` and `</tag-TOKEN>`."""
    match = re.search(rf"<{tag}-([0-9a-f]{{8}})>\n?(.*)\n?</{tag}-\1>", text, flags=re.DOTALL)
    if match is None:
        raise ValueError(f"no <{tag}-…> block in the request")
    return match.group(1), match.group(2)


class AuthoringTransport(httpx2.MockTransport):
    """Answers extract, relate, judge and briefing requests from a fixture's authored answers and gold labels."""

    def __init__(
        self, articles: Sequence[Article], authored: Mapping[str, ClaimList], related: RelatedList, gold: Gold
    ) -> None:
        super().__init__(self._answer)
        self._related = related
        self._articles = {a.id: a for a in articles}
        self._by_token = {delimiter_token(a.text): a.id for a in articles}
        self._authored = dict(authored)
        self._gold = gold
        self.captured: dict[str, StoredResponse] = {}

    def _answer(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        user = body["messages"][-1]["content"]
        prompt = request.headers.get(PROMPT_HEADER, "")
        if prompt.startswith("extract_claims"):
            content = self._extraction(user)
        elif prompt.startswith("judge"):
            content = self._verdicts(user)
        elif prompt.startswith("relate"):
            content = self._related.model_dump_json()
        elif prompt.startswith("briefing"):
            content = self._briefing(user)
        else:
            raise ValueError(f"authoring has no answer for prompt {prompt!r}")
        response = chat_completion_body(content, model=body["model"])
        self.captured[request_key(body)] = StoredResponse(prompt=prompt, body=response)
        return httpx2.Response(200, json=response)

    def _extraction(self, user: str) -> str:
        token, _ = _between(user, "article")
        article = self._by_token.get(token)
        if article is None or article not in self._authored:
            raise ValueError(
                f"no authored claims for the article coded {token} (long articles are split: keep them short)"
            )
        return self._authored[article].model_dump_json()

    def _spans(self, claim: Mapping[str, Any]) -> list[Span]:
        spans = []
        for quote in claim["evidence"]:
            try:
                spans.append(locate(GoldQuote(article=claim["article"], quote=quote), self._articles))
            except ValueError:
                continue
        return spans

    def _verdict(self, group: Mapping[str, Any]) -> dict[str, Any]:
        claims = [self._spans(c) for c in group["claims"]]

        def covers(side: Sequence[GoldQuote], spans: Sequence[Span]) -> bool:
            gold_spans = [locate(q, self._articles) for q in side]
            return any(
                s.article == g.article and s.start < g.end and g.start < s.end
                for s in spans
                for g in gold_spans
            )

        def pairs(first: Sequence[GoldQuote], second: Sequence[GoldQuote]) -> bool:
            return any(
                covers(first, a) and covers(second, b)
                for i, a in enumerate(claims)
                for j, b in enumerate(claims)
                if i != j
            )

        proposed = (group.get("proposed") or {}).get("kind")
        planted_first = sorted(self._gold.contradictions, key=lambda planted: planted.kind != proposed)
        for planted in planted_first:
            if pairs(*planted.sides):
                return {
                    "relation": "contradict",
                    "kind": planted.kind,
                    "reason": planted.note or planted.kind,
                    "confidence": 0.9,
                }
        for fact in self._gold.consensus:
            if sum(any(covers([q], spans) for spans in claims) for q in fact.sides) >= 2:
                return {"relation": "agree", "kind": None, "reason": fact.statement, "confidence": 0.9}
        return {
            "relation": "complementary",
            "kind": None,
            "reason": "The claims can both be true.",
            "confidence": 0.6,
        }

    def _verdicts(self, user: str) -> str:
        _, data = _between(user, "groups")
        verdicts = [{"group": group["id"], **self._verdict(group)} for group in json.loads(data)]
        return json.dumps({"verdicts": verdicts})

    def _briefing(self, user: str) -> str:
        """The lead a careful writer would give: one sentence per finding, most important first, at most five."""
        _, data = _between(user, "findings")
        findings = json.loads(data)
        sentences = [
            {"text": f"{', '.join(item['outlets'])} report that {item['statement']}", "cites": [item["id"]]}
            for item in findings["agreed"][:1]
        ]
        sentences += [
            {
                "text": "The outlets disagree: "
                + "; ".join(f"{', '.join(side['outlets'])} say {side['says']}" for side in item["sides"])
                + ".",
                "cites": [item["id"]],
            }
            for item in findings["contested"][:2]
        ]
        sentences += [
            {"text": f"Only {item['outlet']} reports that {item['quote']}", "cites": [item["id"]]}
            for item in findings["only_in_one"][:2]
        ]
        return json.dumps({"sentences": sentences})


def load_authored(fixture: Path) -> dict[str, ClaimList]:
    """The authored extraction answer of each article, by article id."""
    folder = fixture / "authored"
    return {
        path.stem: ClaimList.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
        if path.name != RELATED_FILE
    }


def load_related(fixture: Path) -> RelatedList:
    """The authored `relate` answer; none when the fixture has no such file."""
    path = fixture / "authored" / RELATED_FILE
    if not path.exists():
        return RelatedList(groups=[])
    return RelatedList.model_validate_json(path.read_text(encoding="utf-8"))
