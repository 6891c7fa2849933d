"""Suggestions › Adapt to this desk, pressed in the window: the refit runs in the analysis
process, the window shows progress and then the held-back F1 before and after; Roll back
and Use the shipped model switch the classifier the suggestions come from."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_decisions import build_desk, sentence
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from uihelpers import ctl, make_window, settle

from claimdesk.config import data_dir
from claimdesk.core.articles import add_article
from claimdesk.core.records import ArticleDraft
from claimdesk.nlp.adapt import ACTIVE
from claimdesk.nlp.pipeline import MODEL_DIR as SHIPPED_DIR
from claimdesk.store.engine import Store
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.wiring import Controllers


def menu_action(window: MainWindow, menu: str, label: str) -> QAction:
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu and top.menu() is not None:
            for act in top.menu().actions():  # type: ignore[union-attr]
                if act.text().replace("&", "").removesuffix("\u2026") == label:
                    return act
    raise AssertionError(f"no {menu} › {label}")


@pytest.fixture
def window(qtbot: object, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    rng = random.Random(3)
    with store.session() as session:
        build_desk(session)
        # the article on screen: history sentences nobody has decided on yet
        text = "Town history\n\n" + " ".join(sentence("history", rng).text for _ in range(10))
        add_article(session, ArticleDraft(text=text, title="Town history"))
        session.commit()
    w = make_window(store, tmp_path / "window.ini", pipeline="blank")
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    yield w
    w.close()
    ctl(w).runner.store.close()


def open_history(window: MainWindow, qtbot: object) -> int:
    c = ctl(window)
    c.article.open_article(17)
    settle(window)
    qtbot.waitUntil(lambda: bool(window.suggestions.suggestions()), timeout=60_000)  # type: ignore[attr-defined]
    return len(window.suggestions.suggestions())


class ProgressSeen:
    """Looks for the progress dialog at every turn of the event loop: it is up from the
    moment the decisions are read to the moment the analysis process answers, which are
    two turns at least, however fast the machine."""

    def __init__(self, c: Controllers) -> None:
        self.seen = 0
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(lambda: self._look(c))
        self.timer.start()

    def _look(self, c: Controllers) -> None:
        self.seen += c.adapt.progress is not None


def test_adapt_roll_back_and_return_to_the_shipped_model(window: MainWindow, qtbot: object) -> None:
    c = ctl(window)
    before = open_history(window, qtbot)
    assert before >= 5
    said: list[str] = []  # the status bar, message by message (later ones replace it)
    window.statusBar().messageChanged.connect(said.append)

    def told(text: str) -> None:
        qtbot.waitUntil(lambda: any(text in m for m in said), timeout=60_000)  # type: ignore[attr-defined]

    seen_progress = ProgressSeen(c)
    adapt = menu_action(window, "Suggestions", "Adapt to this desk")
    assert adapt.toolTip().startswith("Refit the classifier's last layer")
    adapt.trigger()
    settle(window)
    qtbot.waitUntil(lambda: c.adapt.report_box is not None, timeout=120_000)  # type: ignore[attr-defined]
    seen_progress.timer.stop()
    box = c.adapt.report_box
    assert box is not None and box.isVisible()
    report = c.adapt.last_report
    assert report is not None and report["kept"], report
    assert f"{report['f1_before']:.2f} before, {report['f1_after']:.2f} after" in box.text()
    assert report["f1_after"] >= report["f1_before"]
    assert seen_progress.seen, "no progress dialog while adapting"
    box.accept()
    stored = data_dir() / "checkworthiness" / ACTIVE
    assert json.loads(stored.read_text("utf-8"))["head"]["source"] == "adapted"

    # the suggestions on screen come again, from the adapted head: fewer history ones
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: len(window.suggestions.suggestions()) < before / 2, timeout=60_000
    )
    assert c.engine.info["label"].endswith(" adapted")

    menu_action(window, "Suggestions", "Roll back adaptation").trigger()
    told("Rolled back to the shipped model.")
    assert not stored.exists()
    qtbot.waitUntil(lambda: len(window.suggestions.suggestions()) == before, timeout=60_000)  # type: ignore[attr-defined]

    menu_action(window, "Suggestions", "Roll back adaptation").trigger()  # and forward again
    told("Rolled back to the model adapted")
    qtbot.waitUntil(lambda: len(window.suggestions.suggestions()) < before / 2, timeout=60_000)  # type: ignore[attr-defined]

    menu_action(window, "Suggestions", "Use the shipped model").trigger()
    told("Back to the shipped model")
    qtbot.waitUntil(lambda: len(window.suggestions.suggestions()) == before, timeout=60_000)  # type: ignore[attr-defined]


def test_an_adaptation_made_for_another_model_is_set_aside_and_said(
    window: MainWindow, qtbot: object
) -> None:
    # a desk adapted under an earlier model, then claimdesk upgraded: the stored head
    # (here one that would flag every sentence) must not be used, and the analyst is told
    shipped = json.loads((SHIPPED_DIR / "head.json").read_text("utf-8"))
    folder = data_dir() / "checkworthiness"
    folder.mkdir(parents=True, exist_ok=True)
    stale = {**shipped, "bias": 9.0, "source": "adapted"}
    (folder / ACTIVE).write_text(json.dumps({"model_version": "0.9.0", "head": stale}), "utf-8")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    c = ctl(window)
    first = open_history(window, qtbot)
    qtbot.waitUntil(lambda: any("made for model 0.9.0" in m for m in said), timeout=60_000)  # type: ignore[attr-defined]
    (note,) = [m for m in said if "made for model 0.9.0" in m]
    version = json.loads((SHIPPED_DIR / "meta.json").read_text("utf-8"))["version"]
    assert f"does not fit model {version}" in note
    assert "set aside: Suggestions \u203a Adapt to this desk makes a new one." in note
    assert not c.engine.info["label"].endswith(" adapted")
    assert c.engine.info["head"] == "shipped"

    menu_action(window, "Suggestions", "Use the shipped model").trigger()
    qtbot.waitUntil(lambda: any("Back to the shipped model" in m for m in said), timeout=60_000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "adapted_set_aside" not in c.engine.info, timeout=60_000)  # type: ignore[attr-defined]
    assert len(window.suggestions.suggestions()) == first  # the same head before and after
    assert sum("made for model 0.9.0" in m for m in said) == 1

    # rolling back brings the old file back, and says it is still not used
    menu_action(window, "Suggestions", "Roll back adaptation").trigger()
    qtbot.waitUntil(lambda: any("Rolled back" in m for m in said), timeout=60_000)  # type: ignore[attr-defined]
    (rolled,) = [m for m in said if "Rolled back" in m]
    assert rolled.endswith("It was made for model 0.9.0: the shipped one is used."), rolled
    assert json.loads((folder / ACTIVE).read_text("utf-8"))["model_version"] == "0.9.0"
    qtbot.waitUntil(lambda: "adapted_set_aside" in c.engine.info, timeout=60_000)  # type: ignore[attr-defined]
    assert len(window.suggestions.suggestions()) == first


def test_cancel_stops_the_adaptation(window: MainWindow, qtbot: object) -> None:
    # pressed before the analysis process has loaded its model (a few seconds), so the
    # stop request is there before the first sentence is read
    c = ctl(window)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    menu_action(window, "Suggestions", "Adapt to this desk").trigger()
    qtbot.waitUntil(lambda: c.adapt.progress is not None, timeout=30_000)  # type: ignore[attr-defined]
    assert c.adapt.progress is not None
    from PySide6.QtWidgets import QPushButton

    (button,) = c.adapt.progress.findChildren(QPushButton)
    assert button.text() == "Cancel"
    button.click()
    qtbot.waitUntil(lambda: not c.adapt.running, timeout=120_000)  # type: ignore[attr-defined]
    assert "Adapting was cancelled; the model is unchanged." in said, said
    assert c.adapt.report_box is None
    assert not (data_dir() / "checkworthiness" / ACTIVE).exists()


def test_the_window_never_loads_onnxruntime(tmp_path: Path) -> None:
    # in its own process: other tests of this session may have loaded it here
    import os
    import subprocess
    import sys

    code = """
import sys, random
from pathlib import Path
sys.path[:0] = [{tests!r}, {ui!r}]
from PySide6.QtWidgets import QApplication
app = QApplication([])
from uihelpers import make_window, open_article, ctl
w = make_window(Path({db!r}), Path({ini!r}), pipeline="blank")
w.show()
open_article(w)
import time
deadline = time.monotonic() + 90
while not w.suggestions.suggestions() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
print("suggestions", len(w.suggestions.suggestions()))
heavy = ("onnxruntime", "tokenizers", "torch", "spacy")
print("loaded", sorted(m for m in heavy if m in sys.modules))
ctl(w).close()
"""
    tmp = tmp_path
    tests = Path(__file__).resolve().parents[1]
    script = code.format(
        tests=str(tests),
        ui=str(tests / "ui"),
        db=str(tmp / "other.sqlite3"),
        ini=str(tmp / "other.ini"),
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = out.stdout.splitlines()
    assert any(line.startswith("suggestions ") and line != "suggestions 0" for line in lines), out
    assert "loaded []" in lines, out.stdout
