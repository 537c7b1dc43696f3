"""factdiff: compare news articles about one event, with every finding traced to its source."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("factdiff")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
