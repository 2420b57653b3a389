"""Run the analysis of one dossier: align items with passages, then suggest verdicts."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pqassist.model import Analysis, Dossier


def analyse(dossier: Dossier) -> Analysis:
    """Return the analysis of ``dossier``: links, references and a suggestion per item."""
    from pqassist.analysis.align import align
    from pqassist.analysis.suggest import suggest_all

    with collector_paused():
        links, references = align(dossier)
        analysis = Analysis(dossier=dossier, links=links, references=references)
        return Analysis(dossier=dossier, links=links, references=references, suggestions=suggest_all(analysis))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cycle collector's rounds while one document is analysed.

    The analysis makes many short-lived containers that reference counting frees at once;
    the collector, counting them as they are made, would otherwise run its rounds in the
    middle of the work (about a tenth of the time) and find next to nothing. Afterwards it
    runs as usual: when more objects survived than its first threshold, one young round
    runs here, so cycles left behind are collected as before. The collector is left as it
    was found: when something else paused it, this does nothing.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        if gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(0)
