"""Entry point of the frozen claimdesk (PyInstaller): the same ``main`` as the console script."""

from __future__ import annotations

import multiprocessing
import sys

from claimdesk.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
