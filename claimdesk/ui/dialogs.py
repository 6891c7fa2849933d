"""Dialogs: adding a source, linking evidence, a verdict's rationale, settings."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from claimdesk.config import OPTIONS, Settings
from claimdesk.core.records import SourceRecord
from claimdesk.core.sources import SourceDraft
from claimdesk.core.vocab import SOURCE_KIND_LABELS, STANCE_LABELS, Stance
from claimdesk.ui.datefield import DateField
from claimdesk.ui.icons import icon


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class SourceForm(QWidget):
    """The fields of a source; used alone and inside the evidence dialog."""

    def __init__(self, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://\u2026")
        self.url.setAccessibleName("Source address")
        form.addRow("&Address", self.url)
        self.title = QLineEdit()
        self.title.setAccessibleName("Source title")
        form.addRow("&Title", self.title)
        self.publisher = QLineEdit()
        self.publisher.setAccessibleName("Publisher")
        form.addRow("&Publisher", self.publisher)
        self.author = QLineEdit()
        self.author.setAccessibleName("Author")
        form.addRow("A&uthor", self.author)
        self.published = DateField("Publication date", "When the source was published.")
        form.addRow("Publis&hed", self.published)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of source")
        for kind, label in SOURCE_KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.kind.setToolTip("Primary data and official statements weigh most in a verdict")
        form.addRow("&Kind", self.kind)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(56)
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName("Notes")
        form.addRow("&Notes", self.notes)

    def dates_ok(self) -> bool:
        """Whether the date typed is a date (or empty); if not, the field says why."""
        if self.published.commit():
            return True
        self.published.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def draft(self) -> SourceDraft:
        day = self.published.value()
        published = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
        return SourceDraft(
            url=self.url.text().strip() or None,
            title=self.title.text().strip(),
            publisher=self.publisher.text().strip() or None,
            author=self.author.text().strip() or None,
            published_at=published,
            kind=str(self.kind.currentData()),
            notes=self.notes.toPlainText().strip(),
        )


class AddSourceDialog(QDialog):
    def __init__(self, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add source")
        self.setWindowIcon(icon("source"))
        self.resize(440, 0)  # room for the date's message on one or two whole lines
        layout = QVBoxLayout(self)
        self.form = SourceForm(url)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, "Add source"))

    def accept(self) -> None:
        if self.form.dates_ok():  # a date that is not one is never saved as "unknown"
            super().accept()


NEW_SOURCE = -1


class LinkEvidenceDialog(QDialog):
    """Link an existing or a new source to a claim, with stance, excerpt and locator."""

    def __init__(
        self,
        claim_statement: str,
        sources: list[SourceRecord],
        url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link evidence")
        self.setWindowIcon(icon("evidence"))
        self.resize(520, 0)
        layout = QVBoxLayout(self)
        about = QLabel(f"Evidence for: <b>{_esc(claim_statement[:140])}</b>")
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.source = QComboBox()
        self.source.setAccessibleName("Source")
        self.source.addItem(icon("source"), "New source\u2026", NEW_SOURCE)
        for s in sources:
            self.source.addItem(s.title if not s.url else f"{s.title} \u2014 {s.url}", s.id)
        form.addRow("&Source", self.source)
        layout.addLayout(form)
        self.new_source = SourceForm(url)
        layout.addWidget(self.new_source)
        form2 = QFormLayout()
        self.stance = QComboBox()
        self.stance.setAccessibleName("Stance")
        for stance, label in STANCE_LABELS.items():
            self.stance.addItem(icon(stance.value), label, stance.value)
        form2.addRow("S&tance", self.stance)
        self.excerpt = QPlainTextEdit()
        self.excerpt.setFixedHeight(64)
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.setAccessibleName("Excerpt")
        self.excerpt.setPlaceholderText("The passage of the source that matters, quoted")
        form2.addRow("&Excerpt", self.excerpt)
        self.locator = QLineEdit()
        self.locator.setAccessibleName("Locator")
        self.locator.setPlaceholderText("page, paragraph or timestamp, e.g. p. 12")
        form2.addRow("&Locator", self.locator)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form2.addRow("N&ote", self.note)
        layout.addLayout(form2)
        layout.addWidget(_buttons(self, "Link"))
        self.source.currentIndexChanged.connect(self._source_changed)
        if sources and not url:
            self.source.setCurrentIndex(1)
        self._source_changed()

    def _source_changed(self) -> None:
        self.new_source.setVisible(self.source.currentData() == NEW_SOURCE)
        self.adjustSize()

    def accept(self) -> None:
        if self.source_id() is not None or self.new_source.dates_ok():
            super().accept()

    def source_id(self) -> int | None:
        value = int(self.source.currentData())
        return None if value == NEW_SOURCE else value

    def stance_value(self) -> str:
        return str(self.stance.currentData())

    def set_stance(self, stance: Stance) -> None:
        self.stance.setCurrentIndex(self.stance.findData(stance.value))


class RationaleDialog(QDialog):
    def __init__(self, verdict_label: str, rationale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Mark as {verdict_label}")
        layout = QVBoxLayout(self)
        label = QLabel(
            f"Why is this claim <b>{_esc(verdict_label)}</b>? The rationale is "
            "published with the verdict."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit(rationale)
        self.text.setAccessibleName("Rationale")
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text)
        layout.addWidget(_buttons(self, f"Mark {verdict_label}"))
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def rationale(self) -> str:
        return self.text.toPlainText().strip()


def installed_pipelines() -> list[str]:
    """Trained English spaCy pipelines installed as packages, found without importing spaCy
    (which would freeze the dialog for a second)."""
    from importlib.metadata import distributions

    names = {(d.metadata["Name"] or "").replace("-", "_") for d in distributions()}
    return sorted(n for n in names if n.startswith("en_core_"))


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, active_pipeline: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setWindowIcon(icon("settings"))
        self.resize(560, 0)
        self.settings = settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.pipeline = QComboBox()
        for option in OPTIONS:
            if option.name == "pipeline":
                self.pipeline.setAccessibleName(option.title)
                self.pipeline.setToolTip(option.help)
                choices = [
                    ("auto", "Automatic (a trained English pipeline if installed)"),
                    ("blank", "claimdesk's own (no download needed)"),
                    ("off", "Off (no suggestions)"),
                ]
                choices += [(name, f"{name} (installed)") for name in installed_pipelines()]
                for value, label in choices:
                    self.pipeline.addItem(label, value)
                index = self.pipeline.findData(settings.pipeline)
                self.pipeline.setCurrentIndex(max(0, index))
                form.addRow(option.title, self.pipeline)
                if active_pipeline:
                    form.addRow("", QLabel(f"Active now: {_esc(active_pipeline)}"))
                continue
            if option.name == "database" or option.name.startswith("checks_"):
                continue  # the Desk box and the Published fact-checks box below
            if option.name == "appearance":
                self.appearance = QComboBox()
                self.appearance.setAccessibleName(option.title)
                self.appearance.setToolTip(option.help)
                for value, label in (
                    ("system", "Like the desktop"),
                    ("light", "Light"),
                    ("dark", "Dark"),
                ):
                    self.appearance.addItem(label, value)
                self.appearance.setCurrentIndex(
                    max(0, self.appearance.findData(settings.appearance))
                )
                form.addRow(option.title, self.appearance)
                continue
            edit = QLineEdit(str(getattr(settings, option.name)))
            edit.setToolTip(option.help)
            edit.setAccessibleName(option.title)
            form.addRow(option.title, edit)
            self.fields[option.name] = edit
        layout.addLayout(form)
        from claimdesk.ui.team_settings import ConnectionBox

        self.connection = ConnectionBox(settings)
        layout.addWidget(self.connection)
        from claimdesk.ui.checked_elsewhere import ChecksSettingsBox, key_status

        self.checks = ChecksSettingsBox(settings, key_status())
        layout.addWidget(self.checks)
        note = QLabel("A new desk or pipeline is used the next time claimdesk starts.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "Save"))

    def accept(self) -> None:
        problem = self.connection.problem()
        if problem:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Team server", problem)
            return
        super().accept()

    def apply(self) -> str:
        """Update the settings (and save a team profile); a sentence for the status bar."""
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        values["pipeline"] = str(self.pipeline.currentData())
        values["appearance"] = str(self.appearance.currentData())
        self.settings.update(values)
        if not self.settings.user_name:
            self.settings.user_name = Settings().user_name
        said = self.checks.apply(self.settings)
        return " ".join(filter(None, (self.connection.apply(self.settings), said)))


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def ask_about_duplicate(parent: QWidget | None, title: str) -> str:
    """An article already on the desk: "open" the one there, add a "copy", or "cancel"."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Already in the desk",
        f"\u201c{title}\u201d is already in the desk.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("Open the article you have, or add this one as a copy?")
    open_button = box.addButton("Open existing", QMessageBox.ButtonRole.AcceptRole)
    copy_button = box.addButton("Add a copy", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(open_button)
    box.exec()
    if box.clickedButton() is open_button:
        return "open"
    return "copy" if box.clickedButton() is copy_button else "cancel"
