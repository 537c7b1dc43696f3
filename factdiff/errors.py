"""The error tree: each error is one line a user can act on, and knows its exit code."""

from __future__ import annotations


class FactdiffError(Exception):
    """Base of every error factdiff reports to a user as one line."""

    exit_code = 1


class InputError(FactdiffError):
    """A file or folder that cannot be read as articles."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(FactdiffError):
    """Settings that cannot work together (missing key, bad model name, ...)."""

    exit_code = 2


class LLMError(FactdiffError):
    """A model call that failed after the SDK's own retries."""


class EndpointError(LLMError):
    """The endpoint cannot be reached or keeps failing (connection, timeout, 5xx)."""


class AuthError(LLMError):
    """The endpoint refused the key."""


class BudgetExceeded(LLMError):
    """The run would pass, or has reached, `--max-cost` / `--max-tokens`."""


class RefusalError(LLMError):
    """The model refused or a content filter stopped it; affects one article."""


class TruncatedError(LLMError):
    """The answer hit the output-length limit; the caller may split the input."""


class SchemaError(LLMError):
    """The model kept answering outside the schema after the bounded re-asks."""


class ReplayMissError(LLMError):
    """A replaying client was asked something it has no recorded answer for."""


class BatchError(FactdiffError):
    """A Batch API job that cannot be used: unknown, failed, expired, or with requests left unanswered."""


class BatchNotReady(BatchError):
    """The batch is still running; collecting later will work."""

    exit_code = 3
