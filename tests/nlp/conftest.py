"""One blank pipeline for the whole NLP test session (loading is the slow part)."""

from __future__ import annotations

import pytest

from claimdesk.nlp.suggest import Suggester


@pytest.fixture(scope="session")
def suggester() -> Suggester:
    s = Suggester("blank")
    s.load()
    return s
