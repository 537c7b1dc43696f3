"""The response cache: keys that change with every input that matters, and durable concurrent writes."""

from __future__ import annotations

import threading

from pydantic import BaseModel

from factdiff.config import Settings
from factdiff.llm.cache import CACHE_FILE, ResponseCache, cache_key


class First(BaseModel):
    value: int


class Second(BaseModel):
    value: str


BASE = {
    "base_url": None,
    "model": "gpt-4.1-mini",
    "prompt_name": "extract_claims",
    "prompt_version": "1",
    "schema": First,
    "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
    "temperature": 0.0,
}


def test_key_is_stable_for_the_same_inputs():
    assert cache_key(**BASE) == cache_key(**dict(BASE))


def test_key_changes_with_every_input_that_can_change_the_answer():
    variants = [
        {"base_url": "http://localhost:8080/v1"},
        {"model": "gpt-4.1"},
        {"prompt_name": "judge"},
        {"prompt_version": "2"},
        {"schema": Second},
        {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u2"}]},
        {"temperature": 0.7},
    ]
    keys = {cache_key(**{**BASE, **change}) for change in variants}
    assert len(keys | {cache_key(**BASE)}) == len(variants) + 1


def test_put_then_get_survives_reopening(tmp_path):
    path = tmp_path / "nested" / CACHE_FILE
    cache = ResponseCache(path)
    cache.put("k1", '{"value": 1}', prompt="extract_claims@1")
    cache.close()

    reopened = ResponseCache(path)
    assert reopened.get("k1") == '{"value": 1}'
    assert reopened.get("missing") is None
    assert len(reopened) == 1


def test_concurrent_writers_lose_nothing(tmp_path):
    cache = ResponseCache(tmp_path / CACHE_FILE)

    def write(worker: int) -> None:
        for n in range(25):
            cache.put(f"{worker}-{n}", str(n), prompt="p@1")

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(cache) == 200
    assert cache.get("7-24") == "24"


def test_settings_choose_the_cache(tmp_path):
    assert ResponseCache.from_settings(Settings(no_cache=True, cache_dir=tmp_path)) is None
    chosen = ResponseCache.from_settings(Settings(cache_dir=tmp_path / "here"))
    assert chosen is not None
    assert chosen.path == tmp_path / "here" / CACHE_FILE
