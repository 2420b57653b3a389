"""From the staffer's review to the follow-up question: marks, drafting, templates, export.

``compose.draft(analysis, review) -> FollowUp``; ``review`` keeps the staffer's marks;
``templating`` finds phrase and Word templates; ``export`` is the only module that writes Word.

Imports: the bottom layer, parse and analysis.
Used by: corpus, worklist, app, commands.
"""
