"""Shared helper of claimdesk's PyInstaller hooks: submodules without tests or unused languages."""

from __future__ import annotations

from pathlib import Path

from PyInstaller.utils.hooks import collect_submodules, get_package_paths

# spaCy languages the bundle keeps: English; "xx", which spaCy's converters import; and the
# five whose tokenizers spacy.registrations imports when it fills the registry.
SPACY_LANGUAGES = frozenset({"en", "xx", "ja", "ko", "th", "vi", "zh"})


def spacy_language_packages() -> set[str]:
    """Every language subpackage of spacy.lang (``spacy.lang.de`` ...)."""
    _, pkg_dir = get_package_paths("spacy")
    lang = Path(pkg_dir) / "lang"
    return {p.name for p in lang.iterdir() if (p / "__init__.py").is_file()}


def lean_submodules(package: str) -> list[str]:
    languages = spacy_language_packages() if package == "spacy" else set()

    def wanted(name: str) -> bool:
        parts = name.split(".")
        if "tests" in parts or "test" in parts:
            return False
        return not (
            len(parts) >= 3
            and parts[:2] == ["spacy", "lang"]
            and parts[2] in languages
            and parts[2] not in SPACY_LANGUAGES
        )

    return collect_submodules(package, filter=wanted)
