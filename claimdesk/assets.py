"""Files that ship with claimdesk (icons, the sample article), looked up by name."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources/`` folder: installed as ``claimdesk.resources``, or the checkout's."""
    try:
        import claimdesk.resources as pkg

        return Path(next(iter(pkg.__path__)))
    except (ImportError, StopIteration):
        return _HERE.parent / "resources"


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"claimdesk resource {'/'.join(parts)} is missing from {path}")
    return path


def icon_path(name: str) -> Path:
    """The SVG icon called ``name``; an unknown name is a clear error, not a blank icon."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        known = sorted(p.stem for p in (resources_dir() / "icons").glob("*.svg"))
        raise KeyError(f"No icon named '{name}'. Known icons: {', '.join(known)}")
    return path


SAMPLE_ARTICLE = ("sample", "defence-ministers-meet.txt")
