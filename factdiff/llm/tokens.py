"""Token counts and prices, so a run can be costed and stopped before it spends money.

Counts come from tiktoken. Its vocabulary files are downloaded on first use; when
that is impossible (offline, no `TIKTOKEN_CACHE_DIR`), counts fall back to
characters / 4 and a single warning says the budget is approximate.
"""

from __future__ import annotations

import json
import logging
import math
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tiktoken import Encoding

log = logging.getLogger(__name__)

FALLBACK_ENCODING = "o200k_base"
CHARS_PER_TOKEN = 4
MESSAGE_OVERHEAD_TOKENS = 4
"""Role and separators the chat format adds around every message."""
REPLY_PRIMING_TOKENS = 3


class Price(NamedTuple):
    """US dollars per million tokens."""

    input: float
    cached_input: float
    output: float


PRICES: dict[str, Price] = {
    "gpt-4.1": Price(2.00, 0.50, 8.00),
    "gpt-4.1-mini": Price(0.40, 0.10, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.025, 0.40),
    "gpt-4o": Price(2.50, 1.25, 10.00),
    "gpt-4o-mini": Price(0.15, 0.075, 0.60),
    "o3": Price(2.00, 0.50, 8.00),
    "o4-mini": Price(1.10, 0.275, 4.40),
    "gpt-5": Price(1.25, 0.125, 10.00),
    "gpt-5-mini": Price(0.25, 0.025, 2.00),
    "gpt-5-nano": Price(0.05, 0.005, 0.40),
}
"""Published list prices; dated snapshots ('gpt-4.1-mini-2025-04-14') match by prefix."""


@cache
def _warn_approximate() -> None:
    """Cached so a run with thousands of calls says it once, not thousands of times."""
    log.warning(
        "token counts are approximate (characters / %d): tiktoken could not load its encoding; "
        "set TIKTOKEN_CACHE_DIR to a folder holding the encoding files to count exactly",
        CHARS_PER_TOKEN,
    )


@cache
def _encoding(model: str) -> Encoding | None:
    import tiktoken

    try:
        try:
            return tiktoken.encoding_for_model(model)
        except KeyError:
            return tiktoken.get_encoding(FALLBACK_ENCODING)
    except Exception as error:  # tiktoken raises whatever its downloader raised
        log.debug("tiktoken could not load an encoding for %s: %r", model, error)
        _warn_approximate()
        return None


def count_tokens(text: str, model: str) -> int:
    """Tokens `text` costs with `model`, or an approximation when tiktoken cannot load."""
    encoding = _encoding(model)
    if encoding is None:
        return math.ceil(len(text) / CHARS_PER_TOKEN)
    return len(encoding.encode(text, disallowed_special=()))


def count_chat_tokens(messages: Sequence[Mapping[str, str]], model: str) -> int:
    """Input tokens of a chat request, including the per-message framing the API bills."""
    framing = MESSAGE_OVERHEAD_TOKENS * len(messages) + REPLY_PRIMING_TOKENS
    return framing + sum(count_tokens(message["content"], model) for message in messages)


def price_for(model: str, prices: Mapping[str, Price] = PRICES) -> Price | None:
    """The longest price-table key that `model` starts with; None for unknown (e.g. local) models."""
    matches = [name for name in prices if model == name or model.startswith(f"{name}-")]
    return prices[max(matches, key=len)] if matches else None


def cost(model: str, input: int, cached: int, output: int, prices: Mapping[str, Price] = PRICES) -> float:
    """US dollars for one or more calls; 0.0 for models without a price (local servers)."""
    price = price_for(model, prices)
    if price is None:
        return 0.0
    uncached = max(input - cached, 0)
    return (uncached * price.input + cached * price.cached_input + output * price.output) / 1_000_000


def load_prices(path: Path | None) -> dict[str, Price]:
    """The built-in table overridden by a user's TOML or JSON file.

    The file maps model names to `{input = .., cached_input = .., output = ..}`
    in dollars per million tokens; `cached_input` defaults to `input`.
    """
    if path is None:
        return dict(PRICES)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
        overrides = {
            model: Price(
                input=float(entry["input"]),
                cached_input=float(entry.get("cached_input", entry["input"])),
                output=float(entry["output"]),
            )
            for model, entry in data.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        from factdiff.errors import ConfigError

        raise ConfigError(
            f"{path}: price file must map model names to {{input, cached_input, output}} "
            f"dollars per million tokens ({error})"
        ) from error
    return {**PRICES, **overrides}
