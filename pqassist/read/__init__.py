"""Reading documents: a path or bytes becomes text (.txt, .pdf, .docx).

The only package that touches PDF and Word readers. Imports: model, errors.
Neighbours: ``parse`` reads through it; nothing here imports ``parse`` or later layers.
"""
