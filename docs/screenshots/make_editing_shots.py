"""The README's screenshots of the find bar, a split claim and the window at 1024x700.

Run from the repository under an X server of your own, e.g.::

    Xvfb :64 -screen 0 1600x1000x24 -noreset &
    DISPLAY=:64 QT_QPA_PLATFORM=xcb PYTHONPATH=. python docs/screenshots/make_editing_shots.py \
        docs/screenshots

It builds a window on a temporary desk with the sample article and takes each picture
of the real screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

QUOTE = (
    "India is the world's largest arms importer and depends on Russia for nearly half "
    "of its arms supplies"
)


def wait(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shot(window: QWidget, path: Path) -> None:
    g = window.frameGeometry()
    crop = f"{g.width()}x{g.height()}+{g.x()}+{g.y()}"
    display = os.environ.get("DISPLAY", ":64")
    subprocess.run(
        ["import", "-display", display, "-window", "root", "-crop", crop, "+repage", str(path)],
        check=True,
    )


def main() -> None:
    sys.path.insert(0, "tests/ui")
    app = QApplication([])
    from uihelpers import ctl, make_claim, make_window, open_article, settle, trigger

    from claimdesk.ui.theme import apply_theme

    apply_theme(app, "light")
    out = Path(sys.argv[1])
    tmp = Path(tempfile.mkdtemp())
    w = make_window(tmp / "d.sqlite3", tmp / "w.ini", pipeline="blank")
    w.move(0, 0)
    w.show()
    w.resize(1360, 860)
    open_article(w)
    wait(app, 3)
    c = ctl(w)
    bar = c.find.bar
    bar.open_bar()
    bar.query.setText("India")
    bar.find_next()
    bar.find_next()
    wait(app)
    shot(w, out / "find-bar.png")
    bar.close_bar()
    claim_id = make_claim(w, QUOTE)
    at = w.reader.text().index("and depends on Russia")
    w.reader.select_span(at, at + len("and depends"))
    trigger(w, c.words.act_split)
    c.article.select_claim(claim_id)
    settle(w)
    wait(app, 1)
    shot(w, out / "split-claim.png")
    w.resize(1024, 700)
    wait(app, 1.5)
    shot(w, out / "window-1024x700.png")
    w.close()


if __name__ == "__main__":
    main()
