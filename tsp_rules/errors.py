"""The exception hierarchy: one root, input errors that carry every located problem, internal errors."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"


class TspError(Exception):
    """Root of every error raised by tsp_rules."""


class InputError(TspError):
    """Bad input: one or more located problems. The CLI prints each and exits with code 2."""

    kind = "input"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        )
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))


class RulesetError(InputError):
    """A ruleset file is malformed or inconsistent."""

    kind = "ruleset"


class ProfileError(InputError):
    """A profile file (traits, evidence or decisions) is malformed or does not fit the ruleset."""

    kind = "profile"


class UsageError(TspError):
    """The library was called with arguments that cannot work (e.g. an unknown engine name)."""


class EvaluationError(TspError):
    """An engine failed or contradicted itself: an internal error, never a verdict on a profile."""


class SkippedFileWarning(UserWarning):
    """A file under a named folder that looks like a profile (``*.yaml``, ``*.yml``) but was not read: a
    dangling symbolic link, a symbolic link loop, or not a regular file (a FIFO, a device, a socket).

    Issued with :func:`warnings.warn`, so that a body cannot vanish from a review without a word; the
    command line prints it on standard error."""
