"""The review app: ipywidgets over the package. No logic of its own.

The only package that knows about widgets (the ``app`` extra); only ``commands.app`` imports it.

Imports: the bottom layer, serialize, read, parse, analysis, drafting, corpus, fetch and worklist.
Used by: commands (one of them) and the review notebook.
"""
