"""Configuration from flags, `FACTDIFF_*` variables and the OpenAI SDK's usual variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gpt-4.1-mini"


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
    strict_schema: bool = Field(
        default=True,
        description="False for servers without strict JSON-schema output: JSON mode + validation.",
    )
    cache_dir: Path | None = None
    no_cache: bool = False
    concurrency: int = Field(default=8, ge=1, le=64)
    max_retries: int = Field(default=3, ge=0, le=10)
    timeout_s: float = Field(default=60.0, gt=0)
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
