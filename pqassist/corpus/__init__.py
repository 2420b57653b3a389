"""Work over many documents: batch analysis, tables, timeliness, evaluation against labels.

Needs the ``batch`` extra (pandas, pyarrow, openpyxl, tqdm, holidays) for its tables.

Imports: the bottom layer, read, parse, analysis and drafting.
Used by: worklist, app, commands and the overview notebook.
"""
