"""The words of a text read without the regular expression engine (ASCII text) are the words
the patterns find: ``\\w+`` runs, and the words terms are made of."""

from __future__ import annotations

import random

from pqassist.analysis.words import TERM_WORD, WORD_RUN, letter_words, word_runs

TRICKY = [
    "", " ", "-", "'", "--'-", "a", "ab", "EU-lidstaten en 's-Hertogenbosch", "d'r is 't niet",
    "covid19 5G 3de 2016-2017 1.234,5 art.5 nr.12", "a-b--c 'x' -y- z'-", "ab-'", "-ab-", "a_b __init__",
    "snake_case-word", "x\x1cy\x1dz\x1e\x1fw", "tab\tnew\nline\r\x0bvert\x0cfeed", "Ja. Neen! (zie bijlage)",
    "België, één, Łódź, œuvre, straße", "K\u212a-sign", "’s avonds", "ſ ı İ", "½ ² ³ ª º µ",
]

ALPHABET = "aAbZz09_-' .,;:!?()[]\t\n\x1c\"/%&é’"


def _samples():
    """Return the tricky texts and random ones over a small alphabet of edge characters."""
    rng = random.Random(7)
    texts = list(TRICKY)
    for _ in range(3_000):
        texts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24))))
    return texts


def _letter_words_by_pattern(text: str) -> list[str]:
    """Return the words of the term pattern that can be terms (the reference): letters only,
    and in ASCII text, as ``letter_words`` may, with single letters, which are never terms."""
    return [word for word in TERM_WORD.findall(text) if not word[0].isdigit()]


def test_word_runs_are_the_pattern_runs():
    for text in _samples():
        assert word_runs(text) == WORD_RUN.findall(text), text
        assert word_runs(text.lower()) == WORD_RUN.findall(text.lower()), text


def test_letter_words_are_the_pattern_words_less_single_letters():
    for text in _samples():
        found = letter_words(text)
        # single letters are never terms (three letters at least): only those may be extra
        assert [w for w in found if len(w) > 1] == _letter_words_by_pattern(text), text
        assert all(w and not w[0].isdigit() for w in found), text


def test_terms_are_those_of_the_pattern_words():
    from pqassist.analysis import similarity

    for text in TRICKY + ["De EU-lidstaten hebben in 2017 de richtlijn omgezet; 's-Hertogenbosch niet."]:
        words = TERM_WORD.findall(text)
        expected = tuple(t for t in (similarity._term_of(w) for w in words) if t is not None)
        assert similarity.terms(text, keep=False) == expected


def test_federal_answers_read_alike(corpus):
    """Over federal answers, both readings give the pattern's words."""
    from pqassist.parse.load import iter_kamer_rows

    rows = iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz")
    for count, row in enumerate(rows):
        text = row.get("answer") or ""
        assert word_runs(text.lower()) == WORD_RUN.findall(text.lower())
        assert [w for w in letter_words(text) if len(w) > 1] == _letter_words_by_pattern(text)
        if count >= 400:
            break


def test_special_case_needs_no_search_in_ascii_text():
    """No ASCII character folds beyond ``str.lower``, so ``special_case`` skips ASCII text;
    elsewhere it is the search."""
    from pqassist.analysis.words import SPECIAL_CASE, special_case

    assert not any(SPECIAL_CASE.search(chr(code)) for code in range(128))
    for text in _samples() + ["ſ", "xıy", "İstanbul", "K\u212a"]:
        assert special_case(text) == (SPECIAL_CASE.search(text) is not None), text
