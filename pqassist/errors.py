"""The errors pqassist raises. Each message says what is wrong and what to do.

All derive from ``PqassistError``; each also derives from the matching built-in so
that callers catching ``ValueError`` or ``OSError`` keep working.
"""

from __future__ import annotations


class PqassistError(Exception):
    """Root of every error pqassist raises on purpose."""


class UnreadableDocument(PqassistError, ValueError):
    """The document cannot be read: empty, binary, scanned, encrypted, too big ..."""


class NoQuestionFound(UnreadableDocument):
    """The document holds text but no written question."""


class TemplateProblem(PqassistError, ValueError):
    """A phrase or Word template is missing or broken."""


class ExportProblem(PqassistError, OSError):
    """A draft could not be written."""


class ReviewProblem(PqassistError, ValueError):
    """A review file cannot be read or written."""


class FetchProblem(PqassistError, OSError):
    """An open-data service could not be reached or answered something unexpected."""


class TooSlow(PqassistError, TimeoutError):
    """One document took longer than the time limit on its analysis."""


class BatchProblem(PqassistError, ValueError):
    """A batch source or output cannot be used."""


class AppProblem(PqassistError, RuntimeError):
    """The review app cannot start: no notebook, no free port, the server failed."""
