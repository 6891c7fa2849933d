"""Render claimdesk's icon for desktops: hicolor PNGs, the scalable SVG, .ico and .icns.

    .venv/bin/python packaging/make_icons.py

Reads resources/icons/claimdesk.svg and writes
resources/desktop/icons/hicolor/<size>x<size>/apps/org.claimdesk.ClaimDesk.png (16..512),
resources/desktop/icons/hicolor/scalable/apps/org.claimdesk.ClaimDesk.svg, and
packaging/icons/claimdesk.ico (Windows) and claimdesk.icns (macOS) for the PyInstaller spec.
Qt renders the SVG offscreen, so no display is needed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.claimdesk.ClaimDesk"
SOURCE = ROOT / "resources" / "icons" / "claimdesk.svg"
HICOLOR = ROOT / "resources" / "desktop" / "icons" / "hicolor"
BUNDLE_ICONS = ROOT / "packaging" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1

    def render(size: int) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image

    for size in SIZES:
        out = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(out), "PNG"):
            print(f"make_icons: cannot write {out}", file=sys.stderr)
            return 1
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)

    BUNDLE_ICONS.mkdir(parents=True, exist_ok=True)
    # Qt's ico and icns writers take the largest image they are given; 256 is the ICO limit.
    for name, size, fmt in (("claimdesk.ico", 256, "ICO"), ("claimdesk.icns", 512, "ICNS")):
        if not render(size).save(str(BUNDLE_ICONS / name), fmt):
            print(f"make_icons: no {fmt} writer in this Qt; skipped {name}", file=sys.stderr)
    del app
    print(f"make_icons: wrote {len(SIZES)} PNG sizes, the SVG and the bundle icons")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
