"""Fixtures of the end-to-end tests: a private Xvfb and the real claimdesk process on it."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from e2ehelpers import App, xvfb


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # keep each phase's report on the test, so the app fixture knows whether it failed
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


@pytest.fixture
def app(request: pytest.FixtureRequest, display: str, tmp_path: Path) -> Iterator[App]:
    running = App(display, tmp_path)
    try:
        yield running
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            # what the screen showed when the test gave up, next to the app's output
            running.screenshot("failure.png", quiet=True)
            print(f"\nscreenshots and app output: {tmp_path}")
        running.keep_screenshots()
        running.stop()
