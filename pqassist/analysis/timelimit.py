"""Put a time limit on one piece of work (reading and analysing one document).

``call_with_limit(fn, *args, seconds=...)`` returns ``fn(*args)`` or raises ``TooSlow``
once ``seconds`` have passed. On POSIX, in the main thread, a timer signal interrupts
the work in this process (cheap: nothing is copied); elsewhere (Windows, other threads)
the work runs in a child process that is killed at the limit, so ``fn`` and its
arguments must then be picklable (module-level functions, plain data).

The signal raises ``_Expired``, a BaseException, so that no ``except Exception`` in the
work can swallow it; it becomes ``TooSlow`` here. Pure-Python work stops within
milliseconds; a single long call into C (one regular expression) stops when it returns,
which is why batch runs documents in worker processes and kills them instead.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any, Callable

from pqassist.errors import TooSlow

ANALYSIS_SECONDS = 10.0  # default limit on reading + analysing one document
ENV_SECONDS = "PQASSIST_TIME_LIMIT"


class _Expired(BaseException):
    """Raised by the timer signal inside the work."""


def default_seconds() -> float:
    """Return the limit per document: $PQASSIST_TIME_LIMIT when set and valid, else 10 s."""
    value = os.environ.get(ENV_SECONDS, "").strip()
    try:
        seconds = float(value) if value else ANALYSIS_SECONDS
    except ValueError:
        return ANALYSIS_SECONDS
    return seconds if seconds > 0 else ANALYSIS_SECONDS


def too_slow(what: str, seconds: float) -> TooSlow:
    """Return the one-line error for ``what`` exceeding ``seconds``."""
    return TooSlow(
        f"{what} duurde langer dan {_seconds(seconds)} s en is afgebroken; splits het document, "
        "of geef meer tijd met --time-limit"
    )


def can_interrupt() -> bool:
    """Return True when this thread can be interrupted by a timer signal (POSIX main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def call_with_limit(fn: Callable[..., Any], *args: Any, seconds: float | None, what: str = "de analyse") -> Any:
    """Return ``fn(*args)``; raise ``TooSlow`` naming ``what`` after ``seconds`` (None: no limit)."""
    if seconds is None or seconds <= 0:
        return fn(*args)
    if can_interrupt():
        return _with_signal(fn, args, seconds, what)
    return _in_child(fn, args, seconds, what)


def _with_signal(fn, args, seconds: float, what: str):
    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    except _Expired:
        raise too_slow(what, seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_timer[0] > 0:  # an outer timer was running: let it go on
            signal.setitimer(signal.ITIMER_REAL, *old_timer)


def _in_child(fn, args, seconds: float, what: str):
    import multiprocessing  # only here: the signal path needs none of it (start-up cost)

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise too_slow(what, seconds)
        ok, value = receiver.recv()
    except EOFError:
        raise TooSlow(f"{what} is onverwacht gestopt (te weinig geheugen?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if ok:
        return value
    raise value


def _child(sender, fn, args) -> None:
    try:
        result = (True, fn(*args))
    except BaseException as exc:  # sent back and raised in the parent
        result = (False, exc)
    try:
        sender.send(result)
    except Exception as exc:  # an unpicklable result or error
        sender.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()


def _seconds(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text
