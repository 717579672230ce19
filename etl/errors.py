"""One error type for every failure that names a source, plus the warning record that travels beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _where(path: str | Path | None, line: int | None) -> str:
    if path is None:
        return "etl"
    return f"{path}:{line}" if line is not None else str(path)


class SourceError(Exception):
    """A problem in one input (source file or config), with the place it was found.

    Every failure a user can cause is raised as this type, so the CLI can print
    `PATH:LINE: error: MESSAGE` for any of them and never show a traceback.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def located(self, path: str | Path, line: int | None = None) -> SourceError:
        """The same error, placed in `path` unless it already names a place."""
        if self.path is not None:
            return self
        return SourceError(self.message, path, line if line is not None else self.line)

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: error: {self.message}"


class ConfigError(SourceError):
    """A problem in the configuration: the whole run stops with exit code 2."""


@dataclass(frozen=True)
class Diagnostic:
    """A warning about one input; it never stops a build."""

    message: str
    path: str | None = None
    line: int | None = None
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: {self.severity}: {self.message}"
