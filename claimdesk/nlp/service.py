"""The entry point of the suggestion process the window starts (no Qt here).

The window keeps spaCy out of its own process: loading and running a pipeline holds
Python's interpreter lock for seconds.  ``suggest_for`` runs in a child process and keeps
its pipeline between calls.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

from claimdesk.core.records import Suggestion

if TYPE_CHECKING:
    from claimdesk.nlp.transformer import CheckworthyModel

_suggester: Any = None
_watcher: HeadWatcher | None = None


def start_worker() -> None:
    """Set up the analysis process (the pool's initializer).  thinc imports torch whenever
    it is installed (the ``train`` and ``dev`` extras install it); the analysis never uses
    it, and loading it cost about 190 MB and a second of start-up, so it is kept out.

    The process also stops by itself when the window's process is gone: a window killed
    (or ended by the session without closing) cannot shut its pool down, and the child
    would otherwise stay, idle, holding its model in memory."""
    import sys

    if "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch: ImportError
    _watch_parent()


def _watch_parent(every: float = 1.0) -> None:
    """Exit this process once the process that started it has ended.

    multiprocessing gives a spawned child its parent's pid and a sentinel that becomes
    ready when the parent ends, so a parent that died before this runs is noticed too;
    without them (run some other way) the parent is whoever it is now."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    first = parent.pid if parent is not None and parent.pid else os.getppid()

    def gone() -> None:
        from claimdesk.logs import setup_logging

        setup_logging()  # this process has no log of its own until now
        logging.getLogger(__name__).warning(
            "the window's process (%s) is gone; the analysis process stops", first
        )
        os._exit(0)

    def watch() -> None:
        if parent is not None:
            with contextlib.suppress(ValueError, OSError):
                wait([parent.sentinel])
                gone()
        while os.getppid() == first:
            time.sleep(every)
        gone()

    threading.Thread(target=watch, name="claimdesk-parent-watch", daemon=True).start()


class HeadWatcher:
    """Keeps a model's head in step with the adapted-head file (checked by its mtime);
    ``set_aside`` is the version of a stored head made for another model, if any."""

    def __init__(self) -> None:
        self._stamp: tuple[int, int] | None = None
        self.set_aside: str | None = None

    def sync(self, model: CheckworthyModel) -> None:
        from claimdesk.nlp.adapt import ACTIVE, folder, stored_head

        try:
            st = (folder() / ACTIVE).stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = (0, 0)
        if stamp != self._stamp:
            self._stamp = stamp
            head, self.set_aside = stored_head(model) if stamp != (0, 0) else (None, None)
            model.use_head(head)


def _sync_head() -> None:
    """Use the head adapted to this desk when there is one (the file is checked each
    call, so adapting or rolling back applies from the next suggestions)."""
    from claimdesk.nlp.pipeline import load_checkworthy_model

    global _watcher
    if _watcher is None:
        _watcher = HeadWatcher()
    _watcher.sync(load_checkworthy_model())


def suggest_for(pipeline: str, text: str) -> tuple[list[Suggestion], str | None, dict[str, Any]]:
    """Suggestions for ``text``, the language note, and the pipeline's name and version."""
    from claimdesk.nlp import Suggester, language_note

    global _suggester
    if _suggester is None or _suggester.pipeline != pipeline:
        _suggester = Suggester(pipeline)
        _suggester.load()
    _sync_head()
    _suggester.refresh_info()
    found = _suggester.suggest(text, min_score=0.5)
    info = _suggester.info
    if _watcher is not None and _watcher.set_aside:
        info["adapted_set_aside"] = _watcher.set_aside
    return found, language_note(text), info


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from claimdesk.nlp.pipeline import sentence_splitter

    doc = sentence_splitter()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]


def adapt_for(decisions: list[Any], progress_dir: str | None) -> dict[str, Any]:
    """Refit the classifier's last layer on the desk's decisions (``core.decisions``);
    progress and a stop request go through files in ``progress_dir``."""
    from pathlib import Path

    from claimdesk.nlp.adapt import Progress, adapt
    from claimdesk.nlp.pipeline import load_checkworthy_model

    _sync_head()
    progress = Progress(Path(progress_dir) if progress_dir else None)
    return adapt(load_checkworthy_model(), decisions, _sentence_spans, progress)


def roll_back_adaptation() -> str:
    from claimdesk.nlp.adapt import roll_back

    message = roll_back()
    _sync_head()
    if _watcher is not None and _watcher.set_aside:
        message += f" It was made for model {_watcher.set_aside}: the shipped one is used."
    return message


def use_shipped_model() -> str:
    from claimdesk.nlp.adapt import use_shipped

    message = use_shipped()
    _sync_head()
    return message


_stores: dict[str, Any] = {}


def matches_for(target: str, claim: int | str) -> tuple[list[Any], list[Any], str]:
    """The same claim elsewhere on the desk at ``target`` (a SQLite file), for the window;
    ``claim`` is a claim's id or the text of a suggestion.

    Matching tokenises with spaCy, so it runs here too; the child opens the desk itself
    (SQLite's write-ahead log lets it read while the window writes).
    """
    from claimdesk.core import groups
    from claimdesk.nlp.matching import ENGLISH
    from claimdesk.store.engine import Store

    store = _stores.get(target)
    if store is None:
        store = _stores[target] = Store.open(target, migrate=False)
    with store.session() as session:
        suggested = groups.find_matches(session, claim, matcher=ENGLISH)
        confirmed = (
            groups.confirmed_matches(session, claim, matcher=ENGLISH)
            if isinstance(claim, int)
            else []
        )
        return suggested, confirmed, groups.summarize(confirmed + suggested)
