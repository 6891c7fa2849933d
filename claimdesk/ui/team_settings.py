"""Team-server connection profiles in Settings, and opening a team desk at start-up.

Passwords go to the OS keyring (``claimdesk.secrets``) and nowhere else.  Without a
keyring, a password typed here is kept in this process's memory for this session only.
keyring and psycopg are imported only when a team desk is used.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from claimdesk.config import Settings
from claimdesk.ui.icons import icon

PROFILE_TARGET = "profile:"
# Typed passwords for this session only (no keyring): memory, never a file.
SESSION_PASSWORDS: dict[str, str] = {}
TLS_MODES = (
    ("prefer", "Prefer TLS (use it when the server offers it)"),
    ("require", "Require TLS"),
    ("verify-ca", "Require TLS and a trusted certificate"),
    ("verify-full", "Require TLS, a trusted certificate and the right host name"),
    ("allow", "Allow TLS (only if the server insists)"),
    ("disable", "No TLS (local networks only)"),
)
NOTE_STYLE = "color: #5c4400; background: #fff4ce; padding: 6px; border-radius: 3px;"


def is_team_target(target: str) -> bool:
    return target.startswith(("postgresql:", "postgresql+", "postgres:", PROFILE_TARGET))


def keyring_problem() -> str | None:
    from claimdesk.secrets import keyring_status

    return keyring_status()


def stored_password(profile: str) -> tuple[str | None, str | None]:
    """(password, problem): the keyring's password of a profile, or why there is none."""
    from claimdesk.secrets import SecretsUnavailable, get_profile_password

    if profile in SESSION_PASSWORDS:
        return SESSION_PASSWORDS[profile], None
    try:
        return get_profile_password(profile), None
    except SecretsUnavailable as exc:
        return None, str(exc)


def remember_password(profile: str, password: str) -> str | None:
    """Store in the keyring; without one keep it for this session.  The problem, if any."""
    from claimdesk.secrets import SecretsUnavailable, set_profile_password

    try:
        set_profile_password(profile, password)
    except SecretsUnavailable as exc:
        SESSION_PASSWORDS[profile] = password
        return str(exc)
    SESSION_PASSWORDS.pop(profile, None)
    return None


class ConnectionBox(QGroupBox):
    """Settings' choice of desk: the local one or a team server's profile."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Desk", parent)
        from claimdesk.profiles import load_profiles

        self.profiles = load_profiles()
        self._keyring_checked = False
        self.keyring_problem: str | None = None
        layout = QVBoxLayout(self)
        self.local = QRadioButton("&Local desk on this computer")
        self.team = QRadioButton("&Team server (PostgreSQL) shared with your newsroom")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.team)
        layout.addWidget(self.local)
        self.path = QLineEdit("" if is_team_target(settings.database) else settings.database)
        self.path.setPlaceholderText("the local desk in your data folder")
        self.path.setAccessibleName("Local database file")
        self.path.setToolTip("A SQLite file; empty means the local desk in your data folder")
        local_form = QFormLayout()
        local_form.setContentsMargins(24, 0, 0, 0)
        local_form.addRow("File", self.path)
        layout.addLayout(local_form)
        layout.addWidget(self.team)

        self.team_fields = QWidget()
        form = QFormLayout(self.team_fields)
        form.setContentsMargins(24, 0, 0, 0)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setAccessibleName("Profile name")
        self.name.setToolTip("A name for this server; pick a saved one or type a new name")
        self.name.addItems(sorted(self.profiles))
        form.addRow("Pro&file", self.name)
        self.host = QLineEdit()
        self.host.setAccessibleName("Host")
        self.host.setPlaceholderText("db.newsroom.example")
        form.addRow("&Host", self.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setAccessibleName("Port")
        form.addRow("Po&rt", self.port)
        self.database = QLineEdit()
        self.database.setAccessibleName("Database")
        form.addRow("Data&base", self.database)
        self.user = QLineEdit()
        self.user.setAccessibleName("User")
        form.addRow("&User", self.user)
        self.sslmode = QComboBox()
        self.sslmode.setAccessibleName("TLS mode")
        for value, label in TLS_MODES:
            self.sslmode.addItem(label, value)
        form.addRow("TLS &mode", self.sslmode)
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName("Display name")
        self.display_name.setPlaceholderText("shown in history; empty: the user name")
        form.addRow("&Display name", self.display_name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setToolTip("Kept in the system keyring, never in a settings file")
        form.addRow("Pass&word", self.password)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.team_fields)
        layout.addWidget(self.note)

        team_now = settings.database.startswith(PROFILE_TARGET)
        if team_now:
            self.name.setCurrentText(settings.database[len(PROFILE_TARGET) :])
        (self.team if team_now else self.local).setChecked(True)
        self._fill(self.name.currentText())
        self._mode_changed()
        self.team.toggled.connect(lambda _on: self._mode_changed())
        self.name.currentTextChanged.connect(self._fill)

    def _mode_changed(self) -> None:
        team = self.team.isChecked()
        self.team_fields.setEnabled(team)
        self.path.setEnabled(not team)
        if team and not self._keyring_checked:
            self._keyring_checked = True
            self.keyring_problem = keyring_problem()
            self._update_note()

    def _fill(self, name: str) -> None:
        p = self.profiles.get(name)
        if p is None:
            return
        self.host.setText(p.host)
        self.port.setValue(p.port)
        self.database.setText(p.database)
        self.user.setText(p.user)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(p.sslmode)))
        self.display_name.setText(p.display_name)
        self.password.clear()
        self._update_note()

    def _update_note(self) -> None:
        if not self._keyring_checked:
            return
        if self.keyring_problem:
            self.note.setStyleSheet(f"QLabel {{ {NOTE_STYLE} margin-left: 24px; }}")
            self.note.setText(
                "The system keyring is not available, so the password cannot be remembered. "
                "A password typed here is used for this session only and is not written "
                "anywhere; claimdesk asks for it again at the next start."
            )
        else:
            self.note.setStyleSheet("QLabel { color: #4a5563; margin-left: 24px; }")
            self.note.setText(
                "The password is kept in the system keyring, never in a settings file. "
                "Leave it empty to keep the stored one."
            )

    def profile(self) -> Any:
        from claimdesk.profiles import Profile

        return Profile(
            name=self.name.currentText().strip(),
            host=self.host.text().strip(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            port=self.port.value(),
            sslmode=str(self.sslmode.currentData()),
            display_name=self.display_name.text().strip(),
        )

    def problem(self) -> str | None:
        """Why the profile cannot be saved as it is, or None."""
        if not self.team.isChecked():
            return None
        from claimdesk.errors import ValidationError

        try:
            self.profile().validate()
        except ValidationError as exc:
            return str(exc)
        return None

    def apply(self, settings: Settings) -> str:
        """Save the choice; a sentence for the status bar."""
        if not self.team.isChecked():
            settings.database = self.path.text().strip()
            return "The local desk opens the next time claimdesk starts."
        from claimdesk.profiles import save_profile

        profile = save_profile(self.profile())
        settings.database = PROFILE_TARGET + profile.name
        said = f"The team desk \u201c{profile.name}\u201d opens the next time claimdesk starts."
        if self.password.text():
            problem = remember_password(profile.name, self.password.text())
            self.password.clear()
            if problem:
                said += " The password is kept for this session only (no keyring)."
        return said


class PasswordDialog(QDialog):
    """Asks for a team server's password; it is remembered only if the analyst says so
    and a keyring can take it."""

    def __init__(
        self, profile: Any, reason: str, keyring_ok: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team server password")
        self.setWindowIcon(icon("claimdesk"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        where = html.escape(f"{profile.host}:{profile.port}/{profile.database}")
        about = QLabel(
            f"Password of <b>{html.escape(profile.user)}</b> on the team server "
            f"<b>{where}</b> (profile \u201c{html.escape(profile.name)}\u201d)."
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        if reason:
            why = QLabel(html.escape(reason))
            why.setWordWrap(True)
            why.setStyleSheet(NOTE_STYLE if not keyring_ok else "color: #4a5563;")
            layout.addWidget(why)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        layout.addWidget(self.password)
        self.remember = QCheckBox("&Remember it in the system keyring")
        self.remember.setEnabled(keyring_ok)
        self.remember.setChecked(keyring_ok)
        if not keyring_ok:
            self.remember.setText("Used for this session only (no system keyring)")
            self.remember.setChecked(False)
        layout.addWidget(self.remember)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)


RETRY, LOCAL, QUIT = "retry", "local", "quit"


def ask_after_failure(message: str, parent: QWidget | None = None) -> str:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("claimdesk cannot open the team desk")
    box.setText(message)
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("Open the local desk", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return RETRY if clicked is retry else LOCAL if clicked is local else QUIT


def open_desk(target: str, parent: QWidget | None = None) -> Any:
    """Open a team desk, asking for its password when the keyring has none, and on failure
    let the analyst try again or open the local desk.  None: the analyst quit."""
    from claimdesk.config import default_db_path
    from claimdesk.errors import ClaimdeskError
    from claimdesk.store.engine import Store

    name = target[len(PROFILE_TARGET) :] if target.startswith(PROFILE_TARGET) else None
    password: str | None = None
    ask, reason = False, ""
    if name is not None:
        password, problem = stored_password(name)
        if password is None:
            ask = True
            reason = problem or "No password of this profile is stored in the system keyring."
    while True:
        if ask and name is not None:
            typed = _ask_password(name, reason, parent)
            if typed is None:
                choice = ask_after_failure("No password was given; the team desk is not open.")
            else:
                password, choice = typed, ""
            if choice == QUIT:
                return None
            if choice == LOCAL:
                break
            if choice == RETRY:
                continue
        try:
            return Store.open(target, password=password)
        except ClaimdeskError as exc:
            message = str(exc)
        choice = ask_after_failure(message, parent)
        if choice == QUIT:
            return None
        if choice == LOCAL:
            break
        needs_password = "password" in message.lower() or "refused the user" in message.lower()
        if name is not None and needs_password:
            ask, reason = True, message
            SESSION_PASSWORDS.pop(name, None)
    try:
        return Store.open(str(default_db_path()))
    except ClaimdeskError as exc:
        QMessageBox.critical(parent, "claimdesk cannot open the desk", str(exc))
        return None


def _ask_password(name: str, reason: str, parent: QWidget | None) -> str | None:
    from claimdesk.errors import ClaimdeskError
    from claimdesk.profiles import get_profile

    try:
        profile = get_profile(name)
    except ClaimdeskError:
        return ""  # Store.open explains the missing profile
    keyring_ok = keyring_problem() is None
    dialog = PasswordDialog(profile, reason, keyring_ok, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    password = dialog.password.text()
    if dialog.remember.isChecked() and remember_password(name, password) is None:
        return password
    SESSION_PASSWORDS[name] = password
    return password
