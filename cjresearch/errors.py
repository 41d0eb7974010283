"""The one exception type a user can cause, and the warnings we give about repaired input.

A :class:`UserError` always names the file (or object) concerned and what to do about it. The CLI
prints ``error: <message>`` and exits 2, never a traceback.
"""
from __future__ import annotations

import warnings


class UserError(Exception):
    """Something the user can fix: bad input file, unknown persona, missing column...

    >>> str(UserError("no text column 'answer'", path="survey.csv"))
    "survey.csv: no text column 'answer'"
    """

    def __init__(self, message: str, path: object | None = None, hint: str | None = None):
        self.path = str(path) if path is not None else None
        self.message = message
        self.hint = hint
        text = f"{self.path}: {message}" if self.path else message
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class InputRepairWarning(UserWarning):
    """Input was repaired (encoding guessed, mojibake fixed) or is damaged beyond repair."""


def warn_repair(path: object, message: str) -> str:
    text = f"{path}: {message}"
    warnings.warn(text, InputRepairWarning, stacklevel=3)
    return text
