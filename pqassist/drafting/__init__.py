"""From the staffer's review to the follow-up question: marks, drafting, templates, export.

Imports: model, errors, atomic, analysis results. The only package that writes Word (``export``).
Used by app and commands.
"""
