"""The library's edits as the window runs them, and their undo commands.

Importing a batch is undone by taking the batch out again (and putting back the checks it
had updated); its redo puts the same batch back.  Removing a batch is undone by putting
it back with its checks, under the same ids.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from claimdesk.core import published
from claimdesk.core.changes import ChangeSet
from claimdesk.core.edits import Edited
from claimdesk.ui.commands import EditCommand, History, Op

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimdesk.core.published import CheckDraft, ImportReport, RemovedBatch

CHANGED = ChangeSet(published=True)


def import_source(session: Session, source: str, *, actor: str) -> Edited[ImportReport]:
    from claimdesk.io.claimreview_import import import_from

    return Edited(import_from(session, source, actor=actor), CHANGED)


def import_found(
    session: Session, drafts: list[CheckDraft], *, origin: str, actor: str
) -> Edited[ImportReport]:
    report = published.import_checks(session, drafts, origin=origin, kind="online", actor=actor)
    return Edited(report, CHANGED)


def undo_import(session: Session, report: ImportReport) -> Edited[RemovedBatch]:
    return Edited(published.undo_import(session, report), CHANGED)


def remove_batch(session: Session, batch_id: int) -> Edited[RemovedBatch]:
    return Edited(published.remove_batch(session, batch_id), CHANGED)


def restore_batch(session: Session, removed: RemovedBatch) -> Edited[ImportReport]:
    return Edited(published.restore_batch(session, removed), CHANGED)


def list_batches(session: Session) -> list[published.BatchRecord]:
    return published.list_batches(session)


class ImportChecks(EditCommand):
    def __init__(self, history: History, report: ImportReport, what: str) -> None:
        super().__init__(history, f"Import published fact-checks from {what}", None)
        self.report = report
        self.removed: RemovedBatch | None = None

    def forward(self) -> Op:
        assert self.removed is not None  # the first do ran before the push
        return partial(restore_batch, removed=self.removed)

    def backward(self) -> Op:
        return partial(undo_import, report=self.report)

    def backward_done(self, value: Any) -> None:
        self.removed = value


class RemoveBatch(EditCommand):
    def __init__(self, history: History, removed: RemovedBatch) -> None:
        super().__init__(history, f"Remove batch {removed.batch['id']} of published checks", None)
        self.removed = removed

    def forward(self) -> Op:
        return partial(remove_batch, batch_id=self.removed.batch["id"])

    def forward_done(self, value: Any) -> None:
        self.removed = value

    def backward(self) -> Op:
        return partial(restore_batch, removed=self.removed)


def link_check(
    session: Session, claim_id: int, check_id: int, *, actor: str
) -> Edited[tuple[Any, Any]]:
    """Link a published check to a claim in one step: its source (kind Fact-check, made
    once per review address) and the evidence, with the rating in the excerpt.  The value
    is (evidence, the source's draft when this made the source, else None)."""
    from claimdesk.core import edits
    from claimdesk.core.published_match import check_for_evidence, evidence_of

    check, source_id = check_for_evidence(session, check_id)
    draft, stance, excerpt = evidence_of(check)
    if source_id is not None:
        done = edits.link_evidence(
            session, claim_id, source_id, stance, actor=actor, excerpt=excerpt
        )
        return Edited((done.value, None), done.changes)
    made = edits.link_new_source(session, claim_id, draft, stance, actor=actor, excerpt=excerpt)
    return Edited((made.value, draft), made.changes)


def marks_of(session: Session, texts: list[str]) -> dict[str, str]:
    """A team desk's suggestion marks, on the runner's thread."""
    from claimdesk.core import published_match
    from claimdesk.nlp.matching import ENGLISH

    found = published_match.checked_marks(session, texts, matcher=ENGLISH)
    return {s: f"Checked by {m.check.summary}" for s, m in found.items()}


def checks_of_claim(session: Session, claim_id: int) -> tuple[list[Any], str]:
    """A team desk's matching, on the runner's thread (a local desk asks the analysis
    process)."""
    from claimdesk.core import published_match
    from claimdesk.nlp.matching import ENGLISH

    found = published_match.find_for_claim(session, claim_id, matcher=ENGLISH)
    return found, published_match.summarize(found)
