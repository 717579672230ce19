"""One error type for every failure that names a source, plus the warning record that travels beside it.

Both cross process boundaries as they are (build workers return them), so both pickle with every field.
"""

from __future__ import annotations

import errno
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal


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

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles only `args` (the message): path and line would be lost on the way back from a worker
        return (type(self), (self.message, self.path, self.line))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.message, self.path, self.line) == (
            other.message,  # type: ignore[attr-defined]
            other.path,  # type: ignore[attr-defined]
            other.line,  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self), self.message, self.path, self.line))

    def located(self, path: str | Path, line: int | None = None) -> SourceError:
        """The same error, placed in `path` unless it already names a place."""
        if self.path is not None:
            return self
        return type(self)(self.message, path, line if line is not None else self.line)

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: error: {self.message}"


class ConfigError(SourceError):
    """A problem in the configuration: the whole run stops with exit code 2."""


class InternalError(SourceError):
    """A bug of ours, met while reading or making one source: that source fails like any failed source (its last
    good episodes stay published), every other source publishes, and the run exits 70 at the end. `trace` is the
    traceback, shown under `-v` only."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None, trace: str = "") -> None:
        super().__init__(message, path, line)
        self.trace = trace

    @classmethod
    def of(cls, error: BaseException, path: str | Path | None) -> InternalError:
        trace = "".join(traceback.format_exception(error)).rstrip()
        return cls(f"{type(error).__name__}: {error}", path, None, trace)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.path, self.line, self.trace))

    def located(self, path: str | Path, line: int | None = None) -> SourceError:
        if self.path is not None:
            return self
        return type(self)(self.message, path, line if line is not None else self.line, self.trace)

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: internal error: {self.message} (please report this)"


# What the machine can refuse a build, in words a user can act on, with sysexits' code for it: 73
# (EX_CANTCREAT) when a file cannot be made there at all, 74 (EX_IOERR) when the device failed or filled up.
FAULTS: dict[int, tuple[str, int]] = {
    errno.ENOSPC: ("no space left on device", 74),
    errno.EDQUOT: ("disk quota exceeded", 74),
    errno.EIO: ("input/output error (the device failed)", 74),
    errno.EFBIG: ("file too large for this file system", 74),
    errno.EMFILE: ("too many open files", 74),
    errno.ENFILE: ("too many open files on this machine", 74),
    errno.EROFS: ("read-only file system", 73),
    errno.EACCES: ("permission denied", 73),
    errno.EPERM: ("permission denied", 73),
    errno.ENOTDIR: ("a file where a folder is needed", 73),
    errno.EEXIST: ("a file where a folder is needed", 73),
    errno.EISDIR: ("a folder where a file is needed", 73),
    errno.ENAMETOOLONG: ("file name too long", 73),
}


class EnvironmentFault(SourceError):
    """The machine refused a write (a full disk, no permission, a read-only file system, a file where a
    folder is needed): not a source's fault nor a bug of ours. The build stops; every published file is the
    last good build's or this one's. `code` is the exit code (FAULTS)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None, code: int = 74) -> None:
        super().__init__(message, path, line)
        self.code = code

    @classmethod
    def of(cls, error: BaseException) -> EnvironmentFault | None:
        """The fault an OSError names, placed at the file it names (etl.util.files names the file being
        written, not its temp file); None when the error is not one the machine causes."""
        if isinstance(error, EnvironmentFault):
            return error
        if not isinstance(error, OSError) or error.errno not in FAULTS:
            return None
        text, code = FAULTS[error.errno]
        return cls(text, error.filename or None, None, code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.path, self.line, self.code))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about one input (it never stops a build), or a note: what a reader chose to leave out or
    decided, shown only with `-v`."""

    message: str
    path: str | None = None
    line: int | None = None
    severity: Literal["warning", "note"] = "warning"

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: {self.severity}: {self.message}"
