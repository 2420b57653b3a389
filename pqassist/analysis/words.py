"""Read the words of a text without a regular expression where the text is plain ASCII.

Two word readings run over every sentence of an answer: ``\\w+`` (the words the phrase lists and
the sentence facts look up) and ``similarity``'s word pattern (letters with inner apostrophes
or hyphens, or numbers: the words that become terms). For ASCII text both are a translation
(every other character to a space) and a split, several times faster than the regular
expression engine; other text keeps the patterns. The results are the same lists, in the same
order (tests/test_words.py compares them with the patterns).
"""

from __future__ import annotations

import re

WORD_RUN = re.compile(r"\w+")
# similarity's word pattern: letters (Latin-1) with inner apostrophes or hyphens, or a number
TERM_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*[A-Za-zÀ-ÖØ-öø-ÿ]|\d+(?:[.,]\d+)*")

_ASCII = [chr(code) for code in range(128)]
# ASCII characters that are no ``\w`` become spaces: the runs left are the ``\w+`` words
_NOT_WORD = str.maketrans({c: " " for c in _ASCII if not (c.isalnum() or c == "_")})
# ASCII characters that are neither a letter, an apostrophe nor a hyphen become spaces
_NOT_LETTER = str.maketrans({c: " " for c in _ASCII if not (c.isalpha() or c in "'-")})


def word_runs(text: str) -> list[str]:
    """Return ``WORD_RUN.findall(text)``: the runs of word characters, in order."""
    if text.isascii():
        return text.translate(_NOT_WORD).split()
    return WORD_RUN.findall(text)


def letter_words(text: str) -> list[str]:
    """Return the words of ``text`` that can be terms: what ``TERM_WORD.findall(text)`` finds,
    in order, but for numbers (never a term), and where the text is ASCII with single letters
    besides (never a term either: a term has three letters or more).

    In ASCII text a match of the letter branch is a run of letters, apostrophes and hyphens
    from its first letter to its last (the number branch takes no letter)."""
    if not text.isascii():
        return [word for word in TERM_WORD.findall(text) if not word[0].isdigit()]
    runs = text.translate(_NOT_LETTER).split()
    if "'" not in text and "-" not in text:
        return runs
    out = []
    for run in runs:
        if "'" in run or "-" in run:
            run = run.strip("'-")  # the match runs from the first letter to the last
            if not run:
                continue
        out.append(run)
    return out


def _special_case_chars() -> re.Pattern:
    """Return a pattern for the characters re.IGNORECASE matches beyond ``str.lower`` (ſ, ı ...)."""
    chars = {"İ"}
    try:
        from re import _casefix

        for key, values in _casefix._EXTRA_CASES.items():
            chars.add(chr(key))
            chars.update(chr(v) for v in values)
    except (ImportError, AttributeError):  # pragma: no cover - other Pythons: be careful
        return re.compile(r"[^\x00-\xff’‘“”–—…€•]")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars) if not c.isascii()) + "]")


SPECIAL_CASE = _special_case_chars()


def special_case(text: str) -> bool:
    """Return True when ``text`` holds a character that re.IGNORECASE folds beyond ``str.lower``
    (``SPECIAL_CASE``: none is ASCII, so an ASCII text is not searched)."""
    return not text.isascii() and SPECIAL_CASE.search(text) is not None
