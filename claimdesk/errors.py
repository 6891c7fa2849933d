"""Errors that claimdesk reports to people.

Every error raised by core, store, io or nlp code for a reason the user can act on is a
``ClaimdeskError``: its message is one complete sentence fit for a status bar, a dialog or
a command line, and never contains a traceback or a secret.
"""

from __future__ import annotations


class ClaimdeskError(Exception):
    """Base class: ``str(err)`` is the message shown to the user."""


class NotFoundError(ClaimdeskError):
    """A requested article, claim, source or evidence link does not exist."""


class ValidationError(ClaimdeskError):
    """The request breaks a rule of the desk (for example a verdict without evidence)."""


class ConflictError(ClaimdeskError):
    """Someone else changed the row since it was read (optimistic locking)."""

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class DatabaseError(ClaimdeskError):
    """The database cannot be opened or used; it has been left untouched."""


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer claimdesk."""


class ImportFailed(ClaimdeskError):
    """An input could not be imported; nothing was written."""


class Terminated(SystemExit):
    """SIGTERM arrived while a file was being written; the partial file was removed.

    A ``SystemExit`` so that nothing catching ``Exception`` swallows it: the process
    still ends, with the shell's code for SIGTERM.
    """

    def __init__(self) -> None:
        super().__init__(128 + 15)
