"""Analysis of a dossier: align items with answer passages, find references, suggest verdicts.

``pipeline.analyse(dossier) -> Analysis`` is the entry point; the Dutch phrase lists it
matches live in ``pqassist/data/phrases``.

Imports: the bottom layer and parse (text helpers).
Used by: drafting, corpus, worklist, app, commands.
"""
