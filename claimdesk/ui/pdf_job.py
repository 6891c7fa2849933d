"""Writing a PDF report or a whole-desk JSON backup in a separate process, so the window
stays responsive and the analyst can cancel.  Qt lays out a long report for seconds, and
a backup encodes every snapshot, both while holding Python's interpreter lock."""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path
from typing import Any

from claimdesk.core.report import Scope


def _job(
    fmt: str,
    target: str,
    scope: Scope,
    organisation: str,
    out: str,
    with_text: bool,
    queue: Any,
) -> None:
    try:
        from claimdesk.store.engine import Store

        store = Store.open(target, migrate=False)
        try:
            with store.session() as session:
                if fmt == "json":
                    from claimdesk.core import backup
                    from claimdesk.io.export_common import write_atomic

                    write_atomic(Path(out), backup.dumps(backup.dump_desk(session)), force=True)
                    queue.put(None)
                    return
                from claimdesk.core.report import build_report

                report = build_report(session, scope, organisation=organisation)
        finally:
            store.close()
        from claimdesk.ui.export_pdf import export_pdf

        export_pdf(report, Path(out), force=True, with_article_text=with_text)
        queue.put(None)
    except Exception as exc:  # reported to the window as a sentence, not a traceback
        from claimdesk.errors import ClaimdeskError
        from claimdesk.logs import setup_logging

        setup_logging()  # this is a process of its own: the log is set up here too
        log = logging.getLogger(__name__)
        if isinstance(exc, ClaimdeskError):  # a refusal worth a line, not a bug
            log.warning("The %s export was refused: %s", fmt, exc)
        else:
            log.exception("The %s export failed", fmt)
        queue.put(str(exc) or exc.__class__.__name__)


class PdfJob:
    """One PDF (or JSON backup) export running in its own process."""

    def __init__(
        self,
        target: str,
        scope: Scope,
        organisation: str,
        out: Path,
        with_text: bool,
        fmt: str = "pdf",
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.out = out
        self.queue = ctx.Queue()
        self.process = ctx.Process(
            target=_job,
            args=(fmt, target, scope, organisation, str(out), with_text, self.queue),
            daemon=True,
        )
        self.process.start()

    def finished(self) -> tuple[bool, str | None]:
        """(done, error message or None)."""
        if self.process.is_alive():
            return False, None
        try:
            error = self.queue.get(timeout=0.5)
        except Exception:
            error = "The export stopped unexpectedly."
            logging.getLogger(__name__).warning(
                "The export process stopped with exit code %s", self.process.exitcode
            )
        return True, error

    def cancel(self) -> None:
        self.process.terminate()
        self.process.join(timeout=5)
        # a killed writer leaves its temporary file (export_common.atomic_path) behind
        for leftover in self.out.parent.glob(f".{self.out.name}.*.part"):
            leftover.unlink(missing_ok=True)
