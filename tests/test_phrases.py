"""The phrase engine and the lemma cache: one scan per text, same hits as running every pattern."""

from __future__ import annotations

import pytest
from corpus_documents import federal_rows, federal_texts

from pqassist.analysis import lemma_table, phrase_lists, phrases, similarity
from pqassist.analysis.content import best_relation
from pqassist.errors import TemplateProblem


def brute_force(name: str, text: str, section: str = "") -> list[tuple[str, int, int]]:
    """Return the hits of a list found by running every pattern over the whole text."""
    hits = []
    for phrase in phrases.load(name).get(section, []):
        hits.extend((phrase.line, m.start(), m.end()) for m in phrase.pattern.finditer(text))
    return sorted(hits, key=lambda h: h[1])


TEXTS = [
    "Ik verwijs naar mijn antwoord op vraag 4. Daarover worden geen cijfers bijgehouden.",
    "DAT IS EEN FEDERALE BEVOEGDHEID. Zie de webstek van de FOD.",
    "Het ſtudiewerk valt niet onder mijn bevoegdheid; ik verwijs het geachte lid naar de minister.",
    "Kan de minister meedelen hoeveel dossiers er zijn? Zo ja, welke?",
    "De gegevens zijn niet beschikbaar. İk heb geen cijfers.",
    "De vertraging is te wijten aan de crisis; het kabinet deelt die analyse en ik ben het eens.",
    "Het gevolg van de hervorming komt in de komende maanden, zo snel mogelijk, medio 2019.",
    "Te wijten? Het is te laat: wijten aan niemand, het kabinet is er bekend mee.",
    # one-word phrases as whole words only: capitals, glued letters, digits, hyphens, underscores
    "JA. Neen-stem, ja_ja en 'nee' (Inderdaad) WANT immers; DAAROM! ja2 2ja janee Omdat\nwaarom Hoeveel Sinds",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_find_gives_what_running_every_pattern_gives(text):
    for name in phrases.LISTS:
        for section in phrases.load(name):
            found = [(h.phrase.line, h.start, h.end) for h in phrases.find(name, text, section)]
            assert sorted(found) == sorted(brute_force(name, text, section)), (name, section)
            assert phrases.any_match(name, text, section) == bool(found)


def test_find_gives_what_running_every_pattern_gives_on_federal_answers(corpus):
    answers = [text for text in (row.get("answer") or "" for row in federal_rows(corpus, 200)) if text][:120]
    for text in answers:
        for name in phrases.LISTS:
            for section in phrases.load(name):
                found = [(h.phrase.line, h.start, h.end) for h in phrases.find(name, text, section)]
                assert sorted(found) == sorted(brute_force(name, text, section)), (name, section, text[:80])
    assert len(answers) == 120


def test_scan_gives_every_list_in_one_pass():
    text = TEXTS[0]
    found = phrases.scan(text)
    assert set(found) == set(phrases.LISTS)
    assert any(h.phrase.section == "" for h in found["referral"])
    for name, hits in found.items():
        expected = sorted(h for section in phrases.load(name) for h in brute_force(name, text, section))
        assert sorted((h.phrase.line, h.start, h.end) for h in hits) == expected
        assert [h.start for h in hits] == sorted(h.start for h in hits)


def test_anchors_are_the_rarest_words_not_the_longest():
    # measured: "de" is in nearly every document, "bevoegdheid" in few
    assert phrases.frequency("de") > phrases.frequency("bevoegdheid")
    group = phrases.rarest_group((("de", "het"), ("bevoegdheid",)))
    assert group == ("bevoegdheid",)


def test_the_own_phrase_folder_is_read_once_and_again_on_reload(tmp_path, monkeypatch):
    (tmp_path / "referral.txt").write_text("raadpleeg het jaarverslag\n", encoding="utf-8")
    text = "Raadpleeg het jaarverslag van de dienst."
    monkeypatch.delenv("PQASSIST_PHRASES", raising=False)
    phrases.reload()
    assert not phrases.any_match("referral", text)
    monkeypatch.setenv("PQASSIST_PHRASES", str(tmp_path))
    assert not phrases.any_match("referral", text)  # read once: not seen before reload()
    phrases.reload()
    assert phrases.any_match("referral", text)
    monkeypatch.delenv("PQASSIST_PHRASES")
    phrases.reload()
    assert not phrases.any_match("referral", text)


def test_a_star_inside_brackets_is_refused_with_file_and_line(tmp_path, monkeypatch):
    # re.escape would make it a literal "*": the line would never match, and nobody would know
    (tmp_path / "referral.txt").write_text("# eigen lijst\nraadpleeg het [jaarverslag*|rapport]\n", encoding="utf-8")
    monkeypatch.setenv("PQASSIST_PHRASES", str(tmp_path))
    phrases.reload()
    try:
        with pytest.raises(TemplateProblem, match=r"referral\.txt, regel 2 .*\* kan niet binnen \[ \] staan"):
            phrases.find("referral", "Raadpleeg het jaarverslag van de dienst.")
    finally:
        monkeypatch.delenv("PQASSIST_PHRASES")
        phrases.reload()
    for name in phrase_lists.LISTS:  # the packaged lists hold none
        phrases.load(name)


def test_word_matches_are_any_match_and_forget_on_reload(tmp_path, monkeypatch):
    """The answers kept per word are ``any_match``'s, for every list and section, and a reload
    (another phrase folder) forgets them."""
    monkeypatch.delenv("PQASSIST_PHRASES", raising=False)
    phrases.reload()
    words = ["Kan", "kan", "is", "Zijn", "heeft", "waarom", "hoeveel", "klopt", "ja", "neen", "jaarverslag", "x", ""]
    hits = 0
    for word in words:
        for name in phrases.LISTS:
            for section in phrases.load(name):
                expected = bool(brute_force(name, word, section))
                assert phrases.word_matches(name, word, section) == expected, (name, section, word)
                assert phrases.word_matches(name, word, section) == expected  # kept
                hits += expected
    assert hits >= 3
    (tmp_path / "asks.txt").write_text("[yes_no]\nxyzzy\n", encoding="utf-8")
    assert not phrases.word_matches("asks", "xyzzy", "yes_no")
    monkeypatch.setenv("PQASSIST_PHRASES", str(tmp_path))
    phrases.reload()
    assert phrases.word_matches("asks", "xyzzy", "yes_no")
    monkeypatch.delenv("PQASSIST_PHRASES")
    phrases.reload()
    assert not phrases.word_matches("asks", "xyzzy", "yes_no")


def test_the_compact_lemma_table_gives_simplemmas_lemmas(tmp_path, monkeypatch):
    import simplemma

    monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path))
    table = lemma_table.load_table("nl")
    assert table is not None and len(list(tmp_path.glob("nl-lemmas-*.bin"))) == 1
    again = lemma_table.load_table("nl")  # now read from the cached file
    lemmatizer = lemma_table.lemmatizer()
    for word in ("brieven", "maatregelen", "gemeenten", "ziekenhuisbedden", "fietspaden", "xyzzyq"):
        assert again.get(word) == table.get(word)
        assert lemmatizer.lemmatize(word, "nl") == simplemma.lemmatize(word, lang="nl")


def test_a_broken_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path))
    lemma_table.load_table("nl")
    path = next(tmp_path.glob("nl-lemmas-*.bin"))
    path.write_bytes(b"garbage")
    assert lemma_table.load_table("nl").get("brieven") == "brief"


def test_learned_lemmas_fold_into_a_mapped_table(tmp_path, monkeypatch):
    """Lemmas simplemma worked out are appended as lines; once many have piled up they move
    into a mapped table (opening it costs nothing however large), and every one is kept."""
    monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path))
    table_file, lines_file = lemma_table.learned_paths("nl")
    words = {f"woord{k:05d}x": f"lemma{k}" for k in range(lemma_table.FOLD_LINES + 50)}
    lines_file.write_text("".join(f"{w}\t{l}\n" for w, l in words.items()) + "kapotte regel\n", encoding="utf-8")
    table, recent = lemma_table.load_learned("nl")
    assert recent == {} and not lines_file.exists() and table_file.is_file()
    assert all(table.get(w) == l for w, l in words.items()) and len(table) == len(words)
    assert [p.name for p in tmp_path.iterdir() if "folding" in p.name] == []
    lines_file.write_text("nieuwwoordx\tnieuw\n", encoding="utf-8")  # appended after the fold
    table, recent = lemma_table.load_learned("nl")
    assert recent == {"nieuwwoordx": "nieuw"} and table.get("woord00007x") == "lemma7"
    lookups = similarity._Lemmas()  # what the analysis uses: table, then learned, then simplemma
    assert lookups.lookup("woord00007x") == "lemma7" and lookups.lookup("nieuwwoordx") == "nieuw"
    table_file.write_bytes(b"garbage")  # a damaged table is ignored, as if never learned
    assert lemma_table.load_learned("nl")[0].get("woord00007x") is None


def test_overlap_matrix_equals_overlap_per_sentence():
    questions = [similarity.terms("Hoeveel fietspaden werden aangelegd langs gewestwegen?"), similarity.terms("Wat kost de verkeersveiligheid?"), ()]
    sentences = [set(similarity.terms(s)) for s in (
        "Er werden 12 fietspaden aangelegd.", "De gewestweg krijgt een fietspad.", "Veiligheid kost geld.", "")]
    weights = {"fietspad": 0.5}
    matrix = similarity.overlap_matrix(questions, sentences, weights)
    for row, wanted in zip(matrix, questions):
        assert row == [similarity.overlap(wanted, found, weights) for found in sentences]


def test_overlap_matrix_equals_overlap_per_sentence_on_federal_rows(corpus):
    """``overlap_matrix`` finds a term's compound parts among the answer terms shorter than it
    (or among its own parts, when there are fewer of those): the very floats of ``overlap``
    with each sentence, on federal rows and on sentences with many short or long terms."""
    from corpus_documents import federal_rows

    from pqassist.sentences import sentence_spans

    short = " ".join(f"woord{n:03d}" for n in range(120)) + " fietspad veilig gewest"
    extra = [short, "verkeersveiligheidsplannen fietsenstallingen gewestwegenbeleid", "fietspadenplan"]
    compared = 0
    for row in federal_rows(corpus, 120):
        question, answer = row.get("question") or "", row.get("answer") or ""
        asked = [similarity.terms(question[s:e]) for s, e in sentence_spans(question)]
        asked += [("verkeersveiligheidsplan", "fietspaden", "woord0051x", "gewestwegen"), ()]
        sentences = [set(similarity.terms(answer[s:e])) for s, e in sentence_spans(answer)] + [
            set(similarity.terms(text)) for text in extra]
        weights = {term: 1.0 / (1 + len(term) % 3) for found in asked for term in found}
        for weight in (None, weights):
            matrix = similarity.overlap_matrix(asked, sentences, weight)
            for row_found, wanted in zip(matrix, asked):
                assert row_found == [similarity.overlap(wanted, found, weight) for found in sentences], wanted
                compared += len(row_found)
    assert compared > 5000


@pytest.mark.parametrize("vocabulary", [
    ("fiets", "fietspad", "verkeersveiligheid", "veiligheid", "gewestweg", "school"),
    tuple(f"woord{n:03d}" for n in range(200)) + ("fietspad", "veilig"),
])
def test_compound_score_is_the_relation_to_some_answer_term(vocabulary):
    index = similarity.TermIndex(vocabulary)
    for term in ("fietspaden", "fietspadenplan", "verkeersveiligheidsplan", "onveiligheid", "gewestwegen",
                 "schoolgebouwen", "woord0051", "boekenkast", "veiligheidsplan", "ab"):
        expected = max((similarity.relation(term, other) for other in vocabulary), default=0.0)
        assert index.score(term) == expected, term
        assert best_relation(term, set(vocabulary)) == expected, term


def test_best_relation_is_the_index_score_on_federal_terms(corpus):
    """``content.best_relation`` (no index built) scores each question term against the other
    questions' terms as ``TermIndex.score`` does."""
    rows = federal_rows(corpus, 150)
    groups = [set(similarity.terms(row.get("question") or "")) for row in rows]
    related = 0
    for this, other in zip(groups, groups[1:] + groups[:1]):
        index = similarity.TermIndex(other)
        for term in sorted(this)[:40]:
            expected = index.score(term)
            assert best_relation(term, other) == expected, term
            related += 0 < expected < 1
    assert related > 20


def test_any_match_asked_first_gives_what_running_every_pattern_gives(corpus):
    """``any_match`` stops at the first hit: asked before ``find`` (nothing kept of the text yet),
    it says what the full patterns say, on the texts above and on federal questions and answers."""
    texts = list(TEXTS) + federal_texts(corpus, 80)
    phrases.reload()
    seen = 0
    for text in texts:
        for name in phrases.LISTS:
            for section in phrases.load(name):
                expected = bool(brute_force(name, text, section))
                assert phrases.any_match(name, text, section) == expected, (name, section, text[:80])
                seen += expected
    assert seen > 50


def test_overlap_without_weights_is_the_weighted_sum_with_weights_one(corpus):
    """The unweighted fast path gives the very floats of the weighted loop with every weight 1.0."""
    texts = federal_texts(corpus, 60)
    found = [similarity.terms(t) for t in texts] + [("fietspaden", "fiets", "fiets"), ()]
    compared = 0
    for wanted in found:
        for other in found[::7]:
            ones = {term: 1.0 for term in wanted}
            assert similarity.overlap(wanted, other) == similarity.overlap(wanted, other, ones)
            assert similarity.overlap(iter(wanted), other) == similarity.overlap(wanted, other, ones)
            compared += bool(wanted)
    assert compared > 1000


def test_the_lemma_table_finds_words_through_their_first_two_bytes(tmp_path, monkeypatch):
    """A look-up narrowed to the keys opening with the word's first two bytes (and to the keys
    between two of them kept in memory) finds what a binary search over the whole table
    finds, for words in it, around it and not in it."""
    import random
    from bisect import bisect_left

    monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path))
    table = lemma_table.load_table("nl")
    keys = table._keys

    def whole(word: str) -> int:
        raw = word.encode()
        index = bisect_left(keys, raw)
        return index if index < len(keys) and keys[index] == raw else -1

    pick = random.Random(7)
    words = [keys[pick.randrange(len(keys))].decode() for _ in range(3000)]
    words += [w[:-1] for w in words[:500]] + [w + "x" for w in words[:500]] + [w + "\u00ff" for w in words[:100]]
    words += ["", "a", "é", "zzzz", "\u00ff", "ÿa", "brieven", keys[0].decode(), keys[len(keys) - 1].decode()]
    # the keys around the sampled ones (every STRIDE-th of a pair's range) and the ends of ranges
    for head in ("ge", "br", "zw", "a", "é"):
        low, high = bisect_left(keys, head.encode()), bisect_left(keys, head.encode() + b"\xff")
        for index in list(range(low, min(high, low + 3 * lemma_table.STRIDE + 2))) + [high - 2, high - 1, high]:
            if 0 <= index < len(keys):
                word = keys[index].decode()
                words += [word, word[:-1], word + "a", word + "\u00ff"]
    # the keys around those kept to narrow a pair's range (every COARSE-th), and the pairs they open with
    edges = [index + step for index in range(0, len(keys), lemma_table.COARSE) for step in (-1, 0, 1)]
    edges = [keys[index] for index in edges if 0 <= index < len(keys)] + [keys[len(keys) - 1]]
    heads = {key[:2] for key in edges} | {key[:1] for key in edges[::50]} | {b"", b"\xff", b"zz\xff"}
    for raw in list(heads) + edges + [key + b"\xff" for key in edges[::7]] + [key[:-1] for key in edges[::7]]:
        assert table._bisect_left(raw) == bisect_left(keys, raw), raw
    for head in heads:
        low, high, _ = table._head(head)
        assert (low, high) == (bisect_left(keys, head), bisect_left(keys, head + b"\xff")), head
    words += [key.decode() for key in edges[::3]]
    assert all(b"\xff" not in keys[i] for i in range(0, len(keys), 97))
    found = 0
    for word in words:
        assert table._find(word) == whole(word), word
        found += table._find(word) >= 0
    assert found >= 3000


def test_could_match_is_false_only_where_nothing_matches(corpus):
    """``could_match`` may say yes where no phrase occurs, never no where one does."""
    texts = list(TEXTS) + federal_texts(corpus, 300)
    said_no = 0
    for text in texts:
        for name in phrases.LISTS:
            if not phrases.could_match(name, text):
                said_no += 1
                assert not any(brute_force(name, text, section) for section in phrases.load(name)), (name, text[:80])
    assert said_no > 300


def test_sections_with_a_hit_are_those_the_full_patterns_find(corpus):
    """``sections`` (every section's ``any`` at once, what an ask's kinds read) names exactly
    the sections whose patterns match, asked before anything else of the text."""
    texts = list(TEXTS) + federal_texts(corpus, 40) + [t[:120] for t in federal_texts(corpus, 40)]
    phrases.reload()
    seen = 0
    for text in texts:
        for name in phrases.LISTS:
            expected = {section for section in phrases.load(name) if brute_force(name, text, section)}
            assert phrases.scan_of(text).sections(name) == expected, (name, text[:80])
            seen += len(expected)
    assert seen > 50


def test_a_hit_says_where_its_phrase_matched_and_is_read_only():
    text = "Deze vraag valt niet onder mijn bevoegdheid; ik verwijs naar de minister van Justitie."
    hits = phrases.find("referral", text)
    assert hits and all(text[h.start : h.end] and h.phrase.line for h in hits)
    with pytest.raises(AttributeError):
        hits[0].start = 0  # type: ignore[misc]
