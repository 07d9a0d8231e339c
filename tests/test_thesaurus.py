"""Question words the base never uses, read as their WordNet relatives it does use (bridge.py), and the table
they come from (tools/build_thesaurus.py): each in its general form, over the real base and the shipped table."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from bot.answers import answer, read_question
from bot.search.analyse import parse_question
from bot.search.bridge import MIN_IDF, bridged
from bot.search.normalise import is_stop_word, stem, words
from bot.search.rank import rank
from bot.search.thesaurus import SYNONYM, THESAURUS, Thesaurus
from tools import build_thesaurus

from .conftest import ROOT


def units_of(text: str, index):
    return parse_question(text, index.vocabulary, index.correct).units


@lru_cache(maxsize=1)
def _title_synonyms(index) -> tuple[tuple[int, str, str], ...]:
    """(case number, its title word, a WordNet synonym of that word's commonest sense that no case uses) for
    every title word of one case only: asked alone, the synonym can only mean that case."""
    cases = index.kb.cases
    out = []
    for number, case in enumerate(cases):
        for word in dict.fromkeys(words(case.title)):
            postings = index.postings.get(stem(word))
            if is_stop_word(word) or postings is None or len(postings.cases) != 1:
                continue
            for relative in THESAURUS.relatives(word):
                other = relative.lemma
                if relative.kind == SYNONYM and relative.sense <= 1 and other.isalpha() and len(other) > 3 \
                        and index.correct(other) is None and index.idf.of(stem(other)) is None \
                        and _read_first_as(other, index) == (stem(word), word):
                    out.append((number, word, other))
    return tuple(out)


def _unknown_synonyms_of_title_words(index) -> list[str]:
    """WordNet synonyms (commonest sense) of the titles' words that the base lacks and would not correct."""
    found = {}
    for case in index.kb.cases:
        for word in words(case.title):
            if is_stop_word(word):
                continue
            for relative in THESAURUS.relatives(word):
                other = relative.lemma
                if relative.kind == SYNONYM and relative.sense == 0 and other.isalpha() and len(other) > 3 \
                        and index.correct(other) is None and index.idf.of(stem(other)) is None:
                    found[other] = True
    return list(found)


def _read_first_as(word: str, index) -> tuple[str, str] | None:
    """The term and word the bot reads `word` as first, asked alone (None if it reads it as nothing)."""
    units = units_of(word, index)
    read = bridged(units[0], index).read_as if len(units) == 1 else ()
    return read[0] if read else None


def test_a_question_in_only_a_synonym_of_a_cases_word_finds_that_case(snapshot):
    """Asked in a word no case uses whose commonest sense is a case's own word ("scam" for "fraud"), the
    bot finds that case, nearly always first (the word's other relatives may be another case's words), and
    says which word it read the asker's as."""
    index = snapshot.index
    pairs = _title_synonyms(index)
    assert len(pairs) >= 10, pairs
    first = 0
    for number, word, synonym in pairs:
        hits = rank(units_of(synonym, index), index)
        found = [h for h in hits if h.case is index.kb.cases[number]]
        assert found and f"{synonym}, read as {word}" in {r.words for r in found[0].reasons}, (synonym, word)
        first += hits[0].case is index.kb.cases[number]
    assert first >= 0.8 * len(pairs)


def test_whether_to_answer_rests_on_the_askers_own_words(snapshot):
    """A case that has a question's word only as a relative of it is ranked by it, but for the decision to
    answer it lacks the word: a guess at what a word means never makes a near-domain question answerable."""
    index = snapshot.index
    for number, _word, synonym in _title_synonyms(index):
        reading = read_question(synonym, snapshot)
        assert index.kb.cases[number] in [h.case for h in reading.hits]
        assert reading.signals is not None and reading.signals.coverage == 0.0 and reading.signals.matched_units == 0
        assert not answer(synonym, snapshot).answered


def test_once_a_case_uses_the_askers_word_it_is_read_as_itself(store, snapshot):
    """Of two cases alike but for the asker's word, the one that says it is the answer, and the word is no
    longer read as the other's relative: a word the base uses is never replaced."""
    cases = snapshot.kb.cases
    number, word, synonym = next((n, w, s) for n, w, s in _title_synonyms(snapshot.index)
                                 if w not in " ".join(cases[n].organisations).lower())  # a body renamed is another body
    case = cases[number]
    text = (ROOT / "knowledge" / "case-studies" / f"{case.id}.yaml").read_text(encoding="utf-8")
    own = re.sub(rf"\b{word}\b", synonym, text.replace(f"id: {case.id}", "id: zz-own-word", 1), flags=re.IGNORECASE)
    trial = store.trial({"zz-own-word": own})
    hits = rank(units_of(synonym, trial.index), trial.index)
    assert [h.case.id for h in hits] == ["zz-own-word"]
    assert [r.words for r in hits[0].reasons] == [synonym]


def test_a_word_the_base_uses_is_never_read_as_another(snapshot):
    """Every word of every case's title, asked, keeps only its own terms: relatives are read only for words
    the base lacks."""
    index = snapshot.index
    checked = 0
    for case in index.kb.cases:
        for unit in units_of(case.title, index):
            if any(index.idf.of(t) is not None for t, _q in unit.alternatives):
                assert bridged(unit, index) is unit, unit
                checked += 1
    assert checked > 1000


def test_a_generic_word_of_the_base_bridges_nothing(snapshot):
    """The base's generic words ("system", "service", "data") are no reading of anything: a word the base
    lacks whose WordNet relative is one of them is not read as it."""
    index = snapshot.index
    generic = [w for w in ("system", "service", "data", "council", "information", "work", "support")
               if (index.idf.of(stem(w)) or 0.0) < MIN_IDF]
    near = {(other, w) for w in generic for r in THESAURUS.relatives(w)
            if (other := r.lemma).isalpha() and index.idf.of(stem(other)) is None and index.correct(other) is None}
    leading_back = [(o, w) for o, w in near if any(r.lemma == w for r in THESAURUS.relatives(o))]
    assert len(leading_back) >= 5, leading_back  # words WordNet would read as a generic one
    for other, _w in near:
        for unit in units_of(other, index):
            read = bridged(unit, index).read_as
            assert all((index.idf.of(t) or 0.0) >= MIN_IDF for t, _word in read), (other, read)


def test_an_unknown_word_still_counts_against_a_case_that_has_only_its_relative(snapshot):
    """A case that matches a word only through its relative does not cover it as if it used it: the
    bridged word still weighs as one the base lacks."""
    index = snapshot.index
    number, word, synonym = _title_synonyms(index)[0]
    through_relative = rank(units_of(synonym, index), index)[0]
    itself = rank(units_of(word, index), index)[0]
    assert through_relative.case is itself.case is index.kb.cases[number]
    assert 0 < through_relative.score < itself.score



def test_a_word_is_not_read_as_a_relative_the_question_asks_for_itself(snapshot):
    """Asked beside the very word its relative is ("fraud scam"), the unknown word is not read as that word a
    second time: the asker who meant it would not have said both, and the case that has it would count it
    twice."""
    index = snapshot.index
    pairs = _title_synonyms(index)
    for _number, word, synonym in pairs:
        alone = rank(units_of(synonym, index), index)
        assert any(r.words == f"{synonym}, read as {word}" for h in alone for r in h.reasons), (word, synonym)
        both = rank(units_of(f"{word} {synonym}", index), index)
        assert not any(r.words.startswith(f"{synonym}, read as {word}") for h in both for r in h.reasons), (word, synonym)


WORDNET = {
    "data.noun": """  1 This is a licence line, as WordNet's files start with.
00001000 05 n 02 scam 0 swindle 0 003 @ 00002000 n 0000 + 00003000 v 0102 ~ 00004000 n 0000 | a fraud
00002000 04 n 01 fraud 0 001 ~ 00001000 n 0000 | deceit
00004000 04 n 01 phishing 0 001 @ 00001000 n 0000 | online fraud
00005000 15 n 02 Barking 0 bark 0 000 | a place (a name)
00006000 04 n 02 scam 0 racket 0 000 | a rarer sense
""",
    "index.noun": """  1 licence line
barking n 1 0 1 0 00005000
fraud n 1 1 ~ 1 0 00002000
phishing n 1 1 @ 1 0 00004000
racket n 1 0 1 0 00006000
scam n 2 3 @ ~ + 2 0 00001000 00006000
swindle n 1 2 @ ~ 1 0 00001000
""",
    "data.verb": "00003000 41 v 02 scam 0 defraud 0 001 + 00001000 n 0101 01 + 08 00 | to cheat\n",
    "index.verb": "defraud v 1 1 + 1 0 00003000\nscam v 1 1 + 1 0 00003000\n",
    "data.adj": "", "index.adj": "", "data.adv": "", "index.adv": "",
    "noun.exc": "scammae scam\n",
}
"""A tiny WordNet in its own file format: "scam" has a common sense (a synonym, a derived verb, a broader
and a narrower word) and a rarer one, and is a verb too; "Barking" is a name."""


@pytest.fixture
def tiny_table(tmp_path: Path) -> Thesaurus:
    """The build script run on a tiny WordNet in WordNet's own file format, and the table it writes."""
    folder = tmp_path / "wordnet"
    folder.mkdir()
    for name, text in WORDNET.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "relatives.bin"
    build_thesaurus.main([str(folder), str(out)])
    return Thesaurus(out)


def test_the_build_script_reads_wordnets_files_into_the_table(tiny_table):
    """Senses in WordNet's order (the commoner sense's relatives first), each sense's synonyms, derived forms,
    broader and narrower words, then the next part of speech; an inflected or irregular form read as its
    lemma; a proper name is no word's relative and has none."""
    assert [(r.kind, r.sense, r.lemma) for r in tiny_table.relatives("scam")] == [
        ("s", 0, "swindle"), ("d", 0, "defraud"), ("h", 0, "fraud"), ("o", 0, "phishing"), ("s", 1, "racket"),
        ("s", 0, "defraud")]
    assert [(r.kind, r.lemma) for r in tiny_table.relatives("swindle")] == [("s", "scam"), ("h", "fraud"), ("o", "phishing")]
    assert [(r.kind, r.lemma) for r in tiny_table.relatives("defraud")] == [("s", "scam")]
    assert tiny_table.relatives("scammae") == tiny_table.relatives("scams") == tiny_table.relatives("scam")
    assert tiny_table.relatives("barking") == tiny_table.relatives("bark") == []
    assert tiny_table.relatives("zebra") == []


def test_a_file_that_is_no_table_is_refused(tmp_path):
    bad = tmp_path / "relatives.bin"
    bad.write_bytes(b"not a table")
    with pytest.raises(ValueError, match=re.escape(str(bad))):
        Thesaurus(bad).relatives("scam")


def test_a_word_is_read_as_its_few_nearest_relatives_at_most(snapshot):
    """A word WordNet relates to several of the base's words is read as more than one of them, never more
    than MOST (more only adds noise); a relative that is a stop word is no reading."""
    from bot.search.bridge import MOST, _term

    index = snapshot.index
    counts = []
    for synonym in _unknown_synonyms_of_title_words(index):
        units = units_of(synonym, index)
        if len(units) == 1 and (read := bridged(units[0], index).read_as):
            counts.append(len(read))
    assert len(counts) >= 15
    assert max(counts) == MOST and min(counts) < MOST
    assert _term("the", index) is None and _term("about", index) is None
