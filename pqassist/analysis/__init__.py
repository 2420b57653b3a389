"""Analysis of a dossier: align items with answer passages, find references, suggest verdicts.

``pipeline.analyse(dossier) -> Analysis`` is the entry point; the Dutch phrase lists it
matches live in ``pqassist/data/phrases``; ``timelimit`` bounds the time one document may take.

Imports: the bottom layer and parse (text helpers).
Used by: drafting, corpus, worklist, app, commands.
"""
