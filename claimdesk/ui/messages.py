"""Where the window tells the analyst what happened: the status bar, and the inspector's
inline message for what went wrong with the claim on screen."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QStatusBar

from claimdesk.ui.inspector import Inspector

log = logging.getLogger("claimdesk.ui")


class Messages:
    def __init__(self, bar: QStatusBar, inspector: Inspector) -> None:
        self.bar = bar
        self.inspector = inspector
        self.last = ""  # the last message given (tests and the e2e log read it)

    def info(self, text: str, ms: int = 4000) -> None:
        self.last = text
        self.bar.showMessage(text, ms)
        self.inspector.show_message("")

    def notice(self, text: str, ms: int = 10000) -> None:
        """Something the analyst must know that is not a failure: logged, like errors."""
        log.info("told the analyst: %s", text)
        self.info(text, ms)

    def error(self, text: str) -> None:
        self.last = text
        log.info("told the analyst: %s", text)
        self.bar.showMessage(text, 10000)
        self.inspector.show_message(text)
