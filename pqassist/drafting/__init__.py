"""From the staffer's review to the follow-up question: marks, drafting, templates, export.

``compose.draft(analysis, review) -> FollowUp``; ``review`` keeps the staffer's marks;
``templating`` finds phrase and Word templates; ``export`` writes the files, and
``word_document`` (with ``word_numbering``) is the only module that makes Word.

Imports: the bottom layer, parse and analysis.
Used by: corpus, worklist, app, commands.
"""
