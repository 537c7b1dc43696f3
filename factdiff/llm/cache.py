"""A persistent cache of validated model answers.

Re-running on the same articles costs nothing, and an interrupted run resumes
from the calls that finished: every answer is committed the moment it arrives.
SQLite in WAL mode lets several threads (and processes) share one file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from factdiff.config import Settings

CACHE_FILE = "responses.sqlite3"
log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    prompt TEXT NOT NULL,
    response TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def schema_hash(schema: type[BaseModel]) -> str:
    """Changes whenever the answer's shape changes, so old answers are not served for a new shape."""
    return _sha256(json.dumps(schema.model_json_schema(), sort_keys=True))


def cache_key(
    *,
    base_url: str | None,
    model: str,
    prompt_name: str,
    prompt_version: str,
    schema: type[BaseModel],
    messages: Sequence[Mapping[str, str]],
    temperature: float,
) -> str:
    """Everything that can change the answer, hashed; the endpoint is part of it because models differ."""
    parts = {
        "base_url": base_url or "",
        "model": model,
        "prompt": f"{prompt_name}@{prompt_version}",
        "schema": schema_hash(schema),
        "messages": _sha256(json.dumps(list(messages), sort_keys=True, ensure_ascii=False)),
        "temperature": temperature,
    }
    return _sha256(json.dumps(parts, sort_keys=True))


def cache_folder(settings: Settings) -> Path:
    """`--cache-dir`, or the user cache folder: where answers live, and what else a run keeps beside them."""
    if settings.cache_dir is not None:
        return settings.cache_dir
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("factdiff"))


class ResponseCache:
    """Validated JSON answers by `cache_key`, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._broken = False
        # Autocommit: each put is durable on its own, which is what makes resuming work.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    @classmethod
    def from_settings(cls, settings: Settings) -> ResponseCache | None:
        """The cache a run should use: none with `--no-cache`, else `--cache-dir` or the user cache folder."""
        if settings.no_cache:
            return None
        directory = cache_folder(settings)
        try:
            return cls(directory / CACHE_FILE)
        except (OSError, sqlite3.Error) as error:
            log.warning(
                "cache folder %s is unusable (%s): running without a cache, so nothing is saved for a re-run",
                directory,
                error,
            )
            return None

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, response: str, *, prompt: str) -> None:
        """Store an answer; a cache that stops accepting writes (disk full, made read-only) costs one warning,
        never the run."""
        with self._lock:
            if self._broken:
                return
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (key, prompt, response, created) VALUES (?, ?, ?, ?)",
                    (key, prompt, response, time.time()),
                )
            except sqlite3.Error as error:
                self._broken = True
                log.warning(
                    "cache %s stopped accepting answers (%s): the rest of the run is not cached",
                    self.path,
                    error,
                )

    def __len__(self) -> int:
        with self._lock:
            count: int = self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
            return count

    def close(self) -> None:
        with self._lock:
            self._db.close()
