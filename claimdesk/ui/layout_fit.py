"""Keep the reader readable when the window is small: the docks give way.

At 1024×700 the docks kept their width and the article shrank to about 18 characters a
line.  When the reader has less room than ``MIN_CHARS`` characters a line, the docks are
narrowed first (down to a floor that keeps their own lists usable); when that is not
enough, the left column (Library, Sources, Search) is tabbed in with the right one, so
everything stays one click away and the text keeps its line length.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

from claimdesk.ui.reader import ReaderView

MIN_CHARS = 60
LEFT_FLOOR = 200
RIGHT_FLOOR = 300
# ordinary prose, for the width of an average character of the reader's font
SAMPLE = (
    "India's defence minister and his French counterpart agreed on Thursday to work "
    "together on engines for fighter jets, capping two days of talks."
)


def needed_width(reader: ReaderView, chars: int = MIN_CHARS) -> int:
    """The reader's width at which a line holds ``chars`` average characters."""
    metrics = reader.fontMetrics()
    per_char = metrics.horizontalAdvance(SAMPLE) / len(SAMPLE)
    text = int(per_char * chars * 1.02)  # lines break at words: a little slack
    margin = int(2 * reader.document().documentMargin())
    scroll = reader.verticalScrollBar().sizeHint().width()
    return text + margin + scroll + 2 * reader.frameWidth() + 8


class ReaderRoom(QObject):
    """Watches the window's size and makes room for the reader."""

    def __init__(
        self,
        window: QMainWindow,
        reader: ReaderView,
        left: list[QDockWidget],
        right: QDockWidget,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.reader = reader
        self.left = left
        self.right = right
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        self._armed = False  # from just after the first show: restoring is not resizing
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # only when the analyst makes the window narrower: a layout restored at start-up
        # (or a dock the analyst sized on purpose) is left as it was
        if watched is not self.window:
            return False
        if event.type() == QEvent.Type.Show and not self._armed:
            QTimer.singleShot(50, self._arm)
        elif (
            self._armed
            and isinstance(event, QResizeEvent)
            and 0 < event.size().width() < event.oldSize().width()
        ):
            self._timer.start()
        return False

    def _arm(self) -> None:
        self._armed = True

    def _docked(self, dock: QDockWidget, area: Qt.DockWidgetArea) -> bool:
        return (
            dock.isVisible() and not dock.isFloating() and self.window.dockWidgetArea(dock) == area
        )

    def fit(self) -> bool:
        """Make room if the reader is short of it; True when something gave way."""
        deficit = needed_width(self.reader) - self.reader.width()
        if deficit <= 0:
            return False
        left_area = Qt.DockWidgetArea.LeftDockWidgetArea
        lefts = [d for d in self.left if self._docked(d, left_area)]
        right_ok = self._docked(self.right, Qt.DockWidgetArea.RightDockWidgetArea)
        left_w = max((d.width() for d in lefts), default=0)
        right_w = self.right.width() if right_ok else 0
        cut_left = min(deficit, max(0, left_w - LEFT_FLOOR)) if lefts else 0
        cut_right = min(deficit - cut_left, max(0, right_w - RIGHT_FLOOR)) if right_ok else 0
        if deficit - cut_left - cut_right > 0 and lefts and right_ok:
            # narrowing is not enough: the left column joins the right one as tabs
            room = left_w + right_w - deficit
            for dock in lefts:
                self.window.tabifyDockWidget(self.right, dock)
            self.right.raise_()
            self.window.resizeDocks(
                [self.right], [max(RIGHT_FLOOR, room)], Qt.Orientation.Horizontal
            )
            return True
        docks, widths = [], []
        if cut_left:
            docks.append(lefts[0])
            widths.append(left_w - cut_left)
        if cut_right:
            docks.append(self.right)
            widths.append(right_w - cut_right)
        if docks:
            self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
        return bool(docks)
