"""Work over many documents: batch analysis, tables, timeliness, evaluation against labels.

Imports: read, parse, analysis, model. Used by commands and notebooks.
"""
