"""How a command ends: SIGTERM unwinds like Ctrl-C."""

from __future__ import annotations

import os
import signal

import pytest

from studyapp.cli.errors import Terminated, sigterm_as_interrupt


def test_sigterm_unwinds_like_ctrl_c_and_the_old_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    cleaned: list[str] = []

    def command() -> None:
        with sigterm_as_interrupt():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                signal.sigtimedwait([], 0.5)  # gives the handler its moment; never waits long
            finally:
                cleaned.append("temporary folder removed")

    with pytest.raises(Terminated):
        command()
    assert cleaned == ["temporary folder removed"]
    assert issubclass(Terminated, KeyboardInterrupt)
    assert signal.getsignal(signal.SIGTERM) == before
