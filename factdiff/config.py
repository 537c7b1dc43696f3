"""Configuration from flags, `FACTDIFF_*` variables and the OpenAI SDK's usual variables."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gpt-4.1-mini"
LOCAL_CONCURRENCY = 1
"""A local server (llama.cpp, Ollama) decodes one request at a time: more in flight only queue and time out."""
LOCAL_TIMEOUT_S = 600.0
"""A CPU decoder can take minutes for one article; a shorter timeout makes the SDK re-send work in progress."""
LOCAL_MAX_ANSWER_TOKENS = 2048
"""A weak local model can repeat claims until its context is full, holding a one-request server for minutes: a
bound turns that into a truncated answer, which is split and asked again in halves."""
LOCAL_MAX_RETRIES = 0
"""A local server that timed out is still decoding the request: the SDK's retry would queue a second copy."""

SchemaMode = Literal["auto", "json_schema", "json_object_schema", "json_object"]
"""How the answer's schema is sent: strict `json_schema`; `json_object` with the schema beside it (llama.cpp);
plain JSON mode with the schema only in the prompt; or `auto`: strict until the server refuses it."""


def is_loopback(base_url: str | None) -> bool:
    """Whether `base_url` names this machine (127.0.0.0/8, ::1, localhost): a local server, not a cloud API."""
    if not base_url:
        return False
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FACTDIFF_", extra="ignore", populate_by_name=True)

    backend: Literal["auto", "offline", "llm"] = "auto"
    model: str = DEFAULT_MODEL
    api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FACTDIFF_API_KEY", "OPENAI_API_KEY", "api_key"),
        repr=False,  # a traceback or a debug print of the settings must not show the key
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("FACTDIFF_BASE_URL", "OPENAI_BASE_URL", "base_url")
    )
    schema_mode: SchemaMode = "auto"
    strict_schema: bool = Field(
        default=True,
        description="Older spelling: false is schema_mode json_object (JSON mode, the schema in the prompt).",
    )
    cache_dir: Path | None = None
    no_cache: bool = False
    concurrency: int = Field(
        default=8, ge=1, le=64, description=f"{LOCAL_CONCURRENCY} for a loopback base URL unless set."
    )
    max_retries: int = Field(
        default=3, ge=0, le=10, description=f"{LOCAL_MAX_RETRIES} for a loopback base URL unless set."
    )
    timeout_s: float = Field(
        default=60.0, gt=0, description=f"{LOCAL_TIMEOUT_S:.0f} for a loopback base URL unless set."
    )
    max_answer_tokens: int | None = Field(
        default=None,
        gt=0,
        description=f"Most tokens one answer may have; {LOCAL_MAX_ANSWER_TOKENS} for a loopback base URL unless set.",
    )
    max_cost: float | None = Field(default=None, ge=0, description="US dollars; refuse or stop beyond it.")
    max_tokens: int | None = Field(
        default=None, ge=0, description="Input+output tokens; refuse or stop beyond it."
    )
    temperature: float = 0.0
    story_threshold: float = Field(
        default=0.15, ge=0, le=1, description="How alike two articles must be to count as one story (0-1)."
    )
    jobs: int = Field(
        default=1, ge=1, le=64, description="Processes comparing stories in parallel (offline)."
    )
    scheduler: str | None = Field(
        default=None,
        description="A dask.distributed scheduler address: stories run on its workers (offline).",
    )
    price_file: Path | None = Field(
        default=None, description="TOML/JSON prices per million tokens overriding the built-in table."
    )

    @model_validator(mode="after")
    def _endpoint_defaults(self) -> Settings:
        """Defaults that depend on the endpoint; whatever the user set, by flag or variable, is kept."""
        chosen = self.model_fields_set
        if not self.strict_schema and "schema_mode" not in chosen:
            self.schema_mode = "json_object"
        if is_loopback(self.base_url):
            if "concurrency" not in chosen:
                self.concurrency = LOCAL_CONCURRENCY
            if "timeout_s" not in chosen:
                self.timeout_s = LOCAL_TIMEOUT_S
            if "max_retries" not in chosen:
                self.max_retries = LOCAL_MAX_RETRIES
            if "max_answer_tokens" not in chosen:
                self.max_answer_tokens = LOCAL_MAX_ANSWER_TOKENS
        return self
