"""Prompt templates as validated data.

Templates live in the top-level `prompts/` folder of the source tree and ship
inside the wheel as `factdiff/prompts/`. Each is a TOML file validated by
`PromptTemplate`: unknown keys are rejected and rendering with a missing
variable fails, so a typo cannot silently produce an empty prompt.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    description: str
    system: str
    user: str
    variables: list[str] = Field(description="Every variable the templates use; all are required.")

    def render(self, **variables: object) -> RenderedPrompt:
        """Fill the templates; a missing or unexpected variable is an error, not an empty string."""
        from jinja2 import Environment, StrictUndefined

        missing = set(self.variables) - set(variables)
        extra = set(variables) - set(self.variables)
        if missing or extra:
            raise ValueError(
                f"prompt {self.name!r} v{self.version}: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        return RenderedPrompt(
            name=self.name,
            version=self.version,
            system=env.from_string(self.system).render(**variables),
            user=env.from_string(self.user).render(**variables),
        )


class RenderedPrompt(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    system: str
    user: str


def _prompt_dir() -> Path:
    """Installed wheels carry `factdiff/prompts`; a source checkout has `prompts/` beside the package."""
    packaged = Path(__file__).parent / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "prompts"


@cache
def load_prompt(name: str) -> PromptTemplate:
    """Read and validate `prompts/<name>.toml`."""
    path = _prompt_dir() / f"{name}.toml"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt template {name!r} in {path.parent}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    template = PromptTemplate.model_validate(data)
    if template.name != name:
        raise ValueError(f"{path}: name {template.name!r} does not match the file name")
    return template


def prompt_versions(
    names: tuple[str, ...] = ("extract_claims", "relate", "judge", "briefing"),
) -> dict[str, str]:
    """Versions for provenance and cache keys."""
    return {name: load_prompt(name).version for name in names}
