"""SIGTERM while a report is written, when the signal's exception does not come out whole.

Python runs a signal handler between two bytecodes, and in a PDF export those are often
inside Qt's bindings, which may turn the handler's exception into another one or drop it.
These cases raise the real signal in this process and then do what the bindings did.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from claimdesk.errors import Terminated
from claimdesk.io.atomic import atomic_path

OLD = b"the old report"


def _sigterm_arrives() -> None:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # the handler raises long before this ends


@pytest.fixture
def target(tmp_path: Path) -> Path:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, "someone else handles SIGTERM"
    path = tmp_path / "report.pdf"
    path.write_bytes(OLD)
    return path


def _parts(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_signal_turned_into_another_error_still_ends_as_sigterm(target: Path) -> None:
    with pytest.raises(Terminated) as caught, atomic_path(target, force=True) as tmp:
        tmp.write_bytes(b"half a report")
        try:
            _sigterm_arrives()
        except Terminated:
            raise SystemError("bad argument to internal function") from None
    assert isinstance(caught.value.__cause__, SystemError)
    assert caught.value.code == 143
    assert target.read_bytes() == OLD
    assert _parts(target.parent) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    # nothing left blocked: processes started from this thread inherit its mask (a
    # blocked SIGTERM here once made a later export ignore the signal and finish)
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_a_signal_whose_exception_was_dropped_replaces_nothing(target: Path) -> None:
    with pytest.raises(Terminated), atomic_path(target, force=True) as tmp:
        tmp.write_bytes(b"a whole report, but the user asked to stop")
        with contextlib.suppress(Terminated):  # what a binding that clears the error does
            _sigterm_arrives()
    assert target.read_bytes() == OLD
    assert _parts(target.parent) == []


def test_other_errors_without_a_signal_stay_what_they_are(target: Path) -> None:
    with pytest.raises(SystemError), atomic_path(target, force=True) as tmp:
        tmp.write_bytes(b"half")
        raise SystemError("a real bug")
    assert target.read_bytes() == OLD
    assert _parts(target.parent) == []


@pytest.mark.parametrize("other_thread", [False, True], ids=["one thread", "two threads"])
def test_a_signal_while_the_partial_file_is_made_leaves_none(
    target: Path, monkeypatch: pytest.MonkeyPatch, other_thread: bool
) -> None:
    """SIGTERM between creating the partial file and knowing its name.  With another
    thread alive (Qt's, onnxruntime's, a test runner's) the kernel may hand the signal to
    that thread, and Python then runs the handler in the main thread at once: blocking
    the signal in the main thread alone held nothing back."""
    import tempfile
    import threading

    if other_thread:
        stop = threading.Event()
        waiter = threading.Thread(target=stop.wait, daemon=True)
        waiter.start()
        request_stop = stop.set
    else:
        request_stop = None

    made = tempfile.mkstemp

    def mkstemp_then_signal(*args: object, **kwargs: object) -> tuple[int, str]:
        found = made(*args, **kwargs)  # type: ignore[call-overload]
        os.kill(os.getpid(), signal.SIGTERM)
        if other_thread:
            time.sleep(0.2)  # the other thread takes the signal; Python acts on it here
        return found  # type: ignore[no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_signal)
    try:
        with pytest.raises(Terminated), atomic_path(target, force=True) as tmp:
            tmp.write_bytes(b"never reached")
    finally:
        if request_stop is not None:
            request_stop()
    assert target.read_bytes() == OLD
    assert _parts(target.parent) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    # nothing left blocked: processes started from this thread inherit its mask (a
    # blocked SIGTERM here once made a later export ignore the signal and finish)
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
