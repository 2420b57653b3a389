"""Analysis of a dossier: align items with answer passages, find references, suggest verdicts.

Imports: model, errors, parse (text helpers), data. Used by drafting, corpus, app, commands.
"""
