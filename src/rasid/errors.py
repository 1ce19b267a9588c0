"""Typed errors, each with a message a user can act on.

Input problems are never fatal to a batch: ingest turns them into
``InputProblem`` records that are reported, quarantined and counted.
"""
from __future__ import annotations


class RasidError(Exception):
    """Base class for every error rasid raises on purpose."""


class DataFileError(RasidError):
    """A packaged knowledge file is missing or malformed (a broken install or edit)."""


class InputError(RasidError):
    """An input that cannot be processed; ``where`` names the file and line."""

    code = "bad_input"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class EmptyInput(InputError):
    code = "empty"


class NotUtf8(InputError):
    code = "not_utf8"


class BinaryInput(InputError):
    code = "binary"


class MalformedJson(InputError):
    code = "malformed_json"


class MissingField(InputError):
    code = "missing_field"


class NotArabic(InputError):
    code = "not_arabic"


class TooLarge(InputError):
    code = "too_large"


class BadDate(InputError):
    code = "bad_date"


class UnreadableInput(InputError):
    code = "unreadable"


class UnsupportedFile(InputError):
    code = "unsupported_file"


class ProcessingFailed(InputError):
    """The pipeline itself failed on an article: a bug to report, with the input kept."""

    code = "processing_failed"
