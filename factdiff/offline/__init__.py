"""The offline backend: deterministic rules, no model, no network.

It is the default when no key is configured, so a first run does real work.
Its findings are heuristic and the report says so (`provenance.heuristic`).
"""

from __future__ import annotations

from factdiff import __version__
from factdiff.models import Provenance


class OfflineBackend:
    """Sentence-level rule extraction, rule judging and template prose."""

    name = "offline"

    def __init__(self) -> None:
        from factdiff.offline.extractor import OfflineExtractor
        from factdiff.offline.judge import OfflineJudge
        from factdiff.offline.writer import OfflineWriter

        self.extractor = OfflineExtractor()
        self.judge = OfflineJudge()
        self.writer = OfflineWriter()

    def provenance(self) -> Provenance:
        return Provenance(backend=self.name, factdiff_version=__version__, heuristic=True)


__all__ = ["OfflineBackend"]
