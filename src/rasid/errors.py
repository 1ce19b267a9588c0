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

    def __reduce__(self):  # picklable, so a worker process can hand a problem back
        return type(self), (self.where, self.reason)


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


class FetchFailed(InputError):
    """A URL could not be fetched (network error, HTTP error, too large)."""

    code = "fetch_failed"


class NotAPage(InputError):
    """What was received is not an HTML page (an image, a PDF, JSON...)."""

    code = "not_a_page"


class NoMainText(InputError):
    """An HTML page with no article text in it (an index page, a menu, a video page)."""

    code = "no_main_text"


class BadFeed(InputError):
    """A feed that is not RSS or Atom, or lists nothing rasid can fetch."""

    code = "bad_feed"


class FetchError(RasidError):
    """An HTTP fetch that failed for good (after its retries); callers turn it into ``FetchFailed``."""

    def __init__(self, url: str, status: int | None, reason: str, *, attempts: int = 1) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.status = status  # the HTTP status, or None when no response came
        self.reason = reason
        self.attempts = attempts  # what the server sent with the error is not kept: it may be anyone's page

    def as_input_error(self, where: str | None = None) -> FetchFailed:
        return FetchFailed(where or self.url, self.reason)


class FeedConfigError(RasidError):
    """A feeds file (YAML) that cannot be used; names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
