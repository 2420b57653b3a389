"""The member's question list ("Mijn vragen"): every written question, its answer and follow-up.

- ``store``: the SQLite file (schema version, migrations, WAL; ``PQASSIST_DB``);
- ``sync``: fetching a member's questions from the Flemish Parliament and the Chamber;
- ``chains``: follow-up questions found by their citation of an earlier question;
- ``listing``: rows with deadline, days waiting, status, gaps, follow-up; export;
- ``hooks``: what the review app tells the list (a review opened, a follow-up drafted).

Imports: the bottom layer, read, parse, analysis, drafting, corpus and fetch.
Used by: app, commands.
"""
