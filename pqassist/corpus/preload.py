"""Warm the template batch workers are forked from (imported for that effect; not an API).

``workers.start_context`` names this module as the forkserver's preload: importing it
imports the pipeline, analyses the bundled example once (so the phrase lists, the
verdict model, the lemma table and the compiled patterns are loaded), and then freezes
every object for the garbage collector. Each worker forked from the server starts with
all of that, shares its pages with the others, and its collections skip those objects.
A failure here only costs the warm-up: the workers load what they need themselves.
"""

from __future__ import annotations

import gc


def warm() -> bool:
    """Import the pipeline and analyse the bundled example once; return True when it worked."""
    try:
        from importlib import resources

        from pqassist.analysis.pipeline import analyse
        from pqassist.corpus import batch  # noqa: F401 - what a worker unpickles its task with
        from pqassist.parse.load import dossier_from_text

        text = resources.files("pqassist.data").joinpath("example-vlaams-parlement.txt").read_text(encoding="utf-8")
        analyse(dossier_from_text(text, source="voorbeeld"))
        return True
    except Exception:  # pragma: no cover - workers load what they need on their first document
        return False
    finally:
        gc.collect()
        gc.freeze()


WARMED = warm()
