"""Data shipped with pqassist: the bundled example dossier and the phrase lists."""
