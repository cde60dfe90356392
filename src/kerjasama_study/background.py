"""Run one function in a forked process while the caller goes on, and collect its result (or its error).

Used by ``kerjasama code`` to compute and write the partner and panel tables on a second core while the main
process links lifecycles. Only on Linux (elsewhere forking a process that has loaded system frameworks is not
safe, and Python does not do it by default), and with more than one job; otherwise the function simply runs in
the caller when its result is asked for: the outputs are the same either way.

>>> job = start(sum, [1, 2, 3], parallel=False)
>>> job.result()
6
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any


def available_cores() -> int:
    """Cores this process may run on (the CPU affinity where the system reports it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class Job:
    """A function running in a forked child (or deferred, when not parallel)."""

    def __init__(self, fn: Callable, args: tuple, parallel: bool) -> None:
        self._fn, self._args, self._proc, self._recv = fn, args, None, None
        if parallel and sys.platform.startswith("linux"):
            ctx = multiprocessing.get_context("fork")
            self._recv, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(fn, args, send), daemon=True)
            self._proc.start()
            send.close()

    def result(self) -> Any:
        """The function's value; its exception is raised here (with the child's message)."""
        if self._proc is None:
            return self._fn(*self._args)
        try:
            status, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"the background step {self._fn.__name__} stopped without a result "
                               f"(exit code {self._proc.exitcode})") from None
        self._proc.join()
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        """End the child if it is still running (after an error or Ctrl-C in the caller)."""
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()


def start(fn: Callable, *args: Any, parallel: bool = True) -> Job:
    """Start ``fn(*args)`` in a forked child when ``parallel``; collect it with ``Job.result()``."""
    return Job(fn, args, parallel)


def _child(fn: Callable, args: tuple, send) -> None:
    try:
        send.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - every error, Ctrl-C included, goes back to the caller
        try:
            send.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its type and message
            send.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        send.close()
