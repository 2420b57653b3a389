"""Reading documents: a path or bytes becomes text (.txt, .pdf, .docx).

Owns the guarded readers (size limits, zip bombs, external entities, scanned or protected
PDFs); the only package that touches PDF and Word readers.

Imports: the bottom layer.
Used by: parse, corpus, fetch, worklist, app, commands.
"""
