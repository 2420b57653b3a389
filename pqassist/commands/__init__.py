"""One module per command of the ``pqassist`` command line; each has register() and run().

A command never imports another command: what two commands share lives below them.

Imports: the bottom layer, serialize, read, parse, analysis, drafting, corpus, fetch, worklist and app.
Used by: cli.
"""
