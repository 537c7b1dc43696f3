"""The shipped prompt templates: valid, versioned, and declaring exactly the variables they use."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from jinja2 import Environment, meta
from pydantic import ValidationError

from factdiff.prompts import PromptTemplate, load_prompt, prompt_versions

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
NAMES = ("extract_claims", "relate", "judge", "briefing")


def _used_variables(source: str) -> set[str]:
    return meta.find_undeclared_variables(Environment().parse(source))


@pytest.mark.parametrize("name", NAMES)
def test_template_declares_exactly_the_variables_it_uses(name):
    template = load_prompt(name)

    assert set(template.variables) == _used_variables(template.system) | _used_variables(template.user)


@pytest.mark.parametrize("name", NAMES)
def test_system_message_is_the_same_for_every_call(name):
    """Endpoints cache identical prompt prefixes; a variable in the system message would defeat that."""
    assert _used_variables(load_prompt(name).system) == set()


@pytest.mark.parametrize("name", NAMES)
def test_data_goes_inside_a_coded_tag_and_is_declared_not_instructions(name):
    template = load_prompt(name)
    values = {variable: f"[{variable} value]" for variable in template.variables}
    values["token"] = "c0ffee12"

    rendered = template.render(**values)

    assert "never instructions" in rendered.system
    data_variable = next(v for v in template.variables if v not in ("token", "published", "part"))
    tag = rendered.user.split("<", 1)[1].split(">", 1)[0]
    assert tag.endswith("-c0ffee12")
    inside = rendered.user.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]
    assert inside.strip() == values[data_variable]


@pytest.mark.parametrize("name", NAMES)
def test_rendering_without_a_variable_fails(name):
    template = load_prompt(name)
    values = {variable: "x" for variable in template.variables[1:]}

    with pytest.raises(ValueError, match=template.variables[0]):
        template.render(**values)


@pytest.mark.parametrize("name", NAMES)
def test_an_unknown_key_in_a_template_file_is_rejected(name):
    data = tomllib.loads((PROMPTS / f"{name}.toml").read_text(encoding="utf-8"))
    PromptTemplate.model_validate(data)

    with pytest.raises(ValidationError, match="temprature"):
        PromptTemplate.model_validate({**data, "temprature": 0})


def test_every_prompt_has_a_version_for_provenance_and_cache_keys():
    versions = prompt_versions()

    assert set(versions) == set(NAMES)
    assert all(version[0].isdigit() for version in versions.values())
