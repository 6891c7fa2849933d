"""spaCy for claimdesk: its modules and data, without its tests and other languages."""

from __future__ import annotations

import sys
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files

sys.path.insert(0, str(Path(__file__).parent))
from _lean import lean_submodules

datas = collect_data_files("spacy", excludes=["**/tests/**", "**/*.pyx", "**/*.pxd", "**/*.c"])
hiddenimports = lean_submodules("spacy")
