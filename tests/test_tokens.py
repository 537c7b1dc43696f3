"""Token counts (exact with tiktoken's files, approximate without) and prices."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from factdiff.errors import ConfigError
from factdiff.llm import tokens
from factdiff.llm.tokens import PRICES, Price, cost, count_chat_tokens, count_tokens, load_prices, price_for

SHARED_TIKTOKEN = Path(__file__).resolve().parents[1].parent / "shared" / "tiktoken"


@pytest.fixture
def fresh_encodings(monkeypatch):
    """Forget loaded encodings and the once-only warning, so each test sees a first load."""
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    tokens._encoding.cache_clear()
    tokens._warn_approximate.cache_clear()
    yield
    tokens._encoding.cache_clear()
    tokens._warn_approximate.cache_clear()


@pytest.fixture
def offline_tiktoken(monkeypatch, tmp_path, fresh_encodings):
    """No encoding files on disk and no network: tiktoken's reader fails at once instead of downloading."""
    import tiktoken.load

    def offline(blobpath: str) -> bytes:
        raise ConnectionError(f"offline: {blobpath}")

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.load, "read_file", offline)


def test_exact_count_with_the_shared_encoding_files(monkeypatch, fresh_encodings, caplog):
    if not SHARED_TIKTOKEN.is_dir():
        pytest.skip("../shared/tiktoken is not present")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(SHARED_TIKTOKEN))

    with caplog.at_level(logging.WARNING, logger="factdiff.llm.tokens"):
        hello = count_tokens("Hello, world", "gpt-4.1-mini")
        unknown_model = count_tokens("Hello, world", "some-local-llama")
        long = count_tokens("Kyiv " * 200, "gpt-4.1-mini")

    assert hello == 3  # "Hello" "," " world" in o200k_base
    assert unknown_model == hello  # unknown models fall back to o200k_base
    assert 150 <= long <= 250
    assert caplog.records == []


def test_without_encoding_files_counts_are_approximate_with_one_warning(offline_tiktoken, caplog):
    with caplog.at_level(logging.WARNING, logger="factdiff.llm.tokens"):
        counts = [
            count_tokens("x" * 40, "gpt-4.1-mini"),
            count_tokens("x" * 41, "gpt-4o"),
            count_tokens("", "m"),
        ]

    assert counts == [10, 11, 0]
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "TIKTOKEN_CACHE_DIR" in warnings[0].getMessage()


def test_chat_count_adds_framing_per_message(offline_tiktoken):
    messages = [{"role": "system", "content": "x" * 8}, {"role": "user", "content": "x" * 4}]

    assert count_chat_tokens(messages, "gpt-4.1-mini") == 2 + 1 + 2 * tokens.MESSAGE_OVERHEAD_TOKENS + 3


def test_dated_snapshots_use_the_base_model_price():
    assert price_for("gpt-4.1-mini-2025-04-14") == PRICES["gpt-4.1-mini"]
    assert price_for("gpt-4.1-2025-04-14") == PRICES["gpt-4.1"]
    assert price_for("llama3.1:8b") is None


def test_cost_separates_cached_input():
    price = PRICES["gpt-4o-mini"]
    expected = (600 * price.input + 400 * price.cached_input + 50 * price.output) / 1_000_000
    assert cost("gpt-4o-mini", 1000, 400, 50) == pytest.approx(expected)
    assert cost("llama3.1:8b", 1000, 0, 1000) == 0.0


def test_price_file_overrides_and_adds_models(tmp_path):
    toml_file = tmp_path / "prices.toml"
    toml_file.write_text(
        '["gpt-4.1-mini"]\ninput = 1.0\noutput = 2.0\n\n["my-model"]\ninput = 3\noutput = 4\n'
    )
    json_file = tmp_path / "prices.json"
    json_file.write_text('{"my-model": {"input": 5, "cached_input": 1, "output": 6}}')

    from_toml = load_prices(toml_file)
    assert from_toml["gpt-4.1-mini"] == Price(1.0, 1.0, 2.0)
    assert from_toml["my-model"] == Price(3.0, 3.0, 4.0)
    assert from_toml["gpt-4o"] == PRICES["gpt-4o"]
    assert load_prices(json_file)["my-model"] == Price(5.0, 1.0, 6.0)
    assert cost("my-model", 1_000_000, 0, 0, from_toml) == pytest.approx(3.0)


def test_bad_price_file_is_a_config_error(tmp_path):
    bad = tmp_path / "prices.json"
    bad.write_text('{"my-model": {"output": 1}}')
    with pytest.raises(ConfigError, match="prices.json"):
        load_prices(bad)
