"""Writing a PDF report in a separate process, so the window stays responsive and the
analyst can cancel.  Qt lays out a long report for seconds, holding Python's lock."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from claimdesk.core.report import Scope


def _job(
    target: str, scope: Scope, organisation: str, out: str, with_text: bool, queue: Any
) -> None:
    try:
        from claimdesk.core.report import build_report
        from claimdesk.store.engine import Store
        from claimdesk.ui.export_pdf import export_pdf

        store = Store.open(target, migrate=False)
        with store.session() as session:
            report = build_report(session, scope, organisation=organisation)
        store.close()
        export_pdf(report, Path(out), force=True, with_article_text=with_text)
        queue.put(None)
    except Exception as exc:  # reported to the window as a sentence, not a traceback
        queue.put(str(exc) or exc.__class__.__name__)


class PdfJob:
    """One PDF export running in its own process."""

    def __init__(
        self, target: str, scope: Scope, organisation: str, out: Path, with_text: bool
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.out = out
        self.queue = ctx.Queue()
        self.process = ctx.Process(
            target=_job,
            args=(target, scope, organisation, str(out), with_text, self.queue),
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
            error = "The PDF writer stopped unexpectedly."
        return True, error

    def cancel(self) -> None:
        self.process.terminate()
        self.process.join(timeout=5)
        # a killed writer leaves its temporary file (export_common.atomic_path) behind
        for leftover in self.out.parent.glob(f".{self.out.name}.*.part"):
            leftover.unlink(missing_ok=True)
