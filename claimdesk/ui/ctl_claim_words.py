"""A claim's words: Claim › Set quote to selection, Split claim at selection, Merge with
next claim.  Each runs through the runner and goes on the undo history."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from claimdesk.core import corrections
from claimdesk.core.claim_merge import Merge
from claimdesk.core.claim_spans import Split, Unsplit
from claimdesk.core.records import ClaimRecord
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import EditCommand, History, Op
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Conflict, Done, Outcome, Runner


class ChangeSpan(EditCommand):
    def __init__(self, history: History, before: ClaimRecord, after: ClaimRecord) -> None:
        super().__init__(history, f"Change the quote of claim {before.id}", before.article_id)
        self.claim_id = before.id
        self.before = (before.anchor.start, before.anchor.end, before.statement)
        self.after = (after.anchor.start, after.anchor.end, after.statement)

    def _to(self, there: tuple[int, int, str], here: tuple[int, int, str]) -> Op:
        return partial(
            corrections.change_span,
            claim_id=self.claim_id,
            start=there[0],
            end=there[1],
            statement=there[2],
            expect_span=(here[0], here[1]),
            actor=self.history.actor(),
        )

    def forward(self) -> Op:
        return self._to(self.after, self.before)

    def backward(self) -> Op:
        return self._to(self.before, self.after)


class SplitClaim(EditCommand):
    def __init__(self, history: History, done: Split) -> None:
        super().__init__(history, f"Split claim {done.kept.id}", done.kept.article_id)
        self.done = done
        self.undone: Unsplit | None = None

    def forward(self) -> Op:
        assert self.undone is not None  # a redo always follows an undo
        return partial(corrections.resplit_claim, undone=self.undone, actor=self.history.actor())

    def forward_done(self, value: Any) -> None:
        self.done = value

    def backward(self) -> Op:
        d = self.done
        return partial(
            corrections.unsplit_claim,
            kept_id=d.kept.id,
            new_id=d.new.id,
            before=d.before,
            actor=self.history.actor(),
        )

    def backward_done(self, value: Any) -> None:
        self.undone = value


class MergeClaims(EditCommand):
    def __init__(self, history: History, claim_id: int, other_id: int, done: Merge) -> None:
        super().__init__(history, f"Merge claims {claim_id} and {other_id}", done.kept.article_id)
        self.claim_id, self.other_id = claim_id, other_id
        self.done = done

    def forward(self) -> Op:
        return partial(
            corrections.merge_claims,
            claim_id=self.claim_id,
            other_id=self.other_id,
            actor=self.history.actor(),
        )

    def forward_done(self, value: Any) -> None:
        self.done = value

    def backward(self) -> Op:
        return partial(corrections.unmerge_claims, merge=self.done, actor=self.history.actor())


class ClaimWordsController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.messages = messages
        a = partial(make_action, parent)
        self.act_span = a(
            "Set &quote to selection",
            self.change_span,
            QKeySequence("Ctrl+Shift+U"),
            "",
            "Make the selected words the selected claim's quote (Ctrl+Shift+U)",
        )
        self.act_split = a(
            "S&plit claim at selection",
            self.split,
            QKeySequence("Ctrl+Shift+S"),
            "",
            "Split the selected claim in two where the selection inside it begins "
            "(Ctrl+Shift+S); both parts keep its status and evidence",
        )
        self.act_merge = a(
            "Mer&ge with next claim",
            self.merge_next,
            QKeySequence("Ctrl+Shift+M"),
            "",
            "Merge the selected claim with the claim that follows it in the text (Ctrl+Shift+M)",
        )
        article.selectionChanged.connect(self.update_actions)
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.act_span, self.act_split, self.act_merge]

    def update_actions(self) -> None:
        claim = self.article.current_claim() is not None
        words = self.article.selected_span() is not None
        self.act_span.setEnabled(claim and words)
        self.act_split.setEnabled(claim and words)
        self.act_merge.setEnabled(claim)

    def _target(self) -> tuple[ClaimRecord, tuple[int, int]] | None:
        claim = self.article.current_claim()
        span = self.article.selected_span()
        if claim is None or span is None:
            self.messages.error("Select a claim, then select words in the article.")
            return None
        return claim, span

    def _finish(self, outcome: Outcome) -> bool:
        if isinstance(outcome, Done):
            return True
        if isinstance(outcome, Conflict):
            self.messages.error(f"{outcome.message} Nothing was changed.")
        else:
            self.messages.error(outcome.message)
        return False

    def change_span(self) -> None:
        target = self._target()
        if target is None:
            return
        claim, (start, end) = target

        def done(outcome: Outcome) -> None:
            if self._finish(outcome):
                rec: ClaimRecord = outcome.value  # type: ignore[union-attr]
                self.history.push(ChangeSpan(self.history, claim, rec))
                self.article.select_claim(rec.id)
                self.messages.info(f"Claim {rec.id} now quotes \u201c{rec.anchor.exact[:60]}\u201d")

        op = partial(
            corrections.change_span,
            claim_id=claim.id,
            start=start,
            end=end,
            actor=self.history.actor(),
            expected_version=claim.version,
        )
        self.runner.run(op, done, what="change the claim's quote")

    def split(self) -> None:
        target = self._target()
        if target is None:
            return
        claim, (start, end) = target

        def done(outcome: Outcome) -> None:
            if self._finish(outcome):
                result: Split = outcome.value  # type: ignore[union-attr]
                self.history.push(SplitClaim(self.history, result))
                self.article.select_claim(result.kept.id)
                self.messages.info(f"Split claim {claim.id}: the rest is claim {result.new.id}")

        op = partial(
            corrections.split_claim,
            claim_id=claim.id,
            start=start,
            end=end,
            actor=self.history.actor(),
            expected_version=claim.version,
        )
        self.runner.run(op, done, what="split the claim")

    def merge_next(self) -> None:
        claim = self.article.current_claim()
        if claim is None:
            self.messages.error("Select a claim first.")
            return
        listed = [c for c in self.article.claims.model.claims() if not c.orphaned]
        later = [c for c in listed if (c.anchor.start, c.id) > (claim.anchor.start, claim.id)]
        if not later:
            self.messages.error(f"Claim {claim.id} is the last claim of the article.")
            return
        other = later[0]

        def done(outcome: Outcome) -> None:
            if self._finish(outcome):
                result: Merge = outcome.value  # type: ignore[union-attr]
                self.history.push(MergeClaims(self.history, claim.id, other.id, result))
                self.article.select_claim(claim.id)
                self.messages.info(f"Merged claim {other.id} into claim {claim.id}")

        op = partial(
            corrections.merge_claims,
            claim_id=claim.id,
            other_id=other.id,
            actor=self.history.actor(),
            expected_version=claim.version,
            other_version=other.version,
        )
        self.runner.run(op, done, what="merge the claims")
