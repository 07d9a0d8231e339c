"""Words written joined up or hyphenated otherwise than the base writes them ("notetaker", "e-books"), each
in its general form: built from the knowledge base's own words, never from one quoted question."""
from __future__ import annotations

from bot.answers import answer
from bot.search.english import inflects, is_english
from bot.search.normalise import is_stop_word, words


def _title_pairs(snapshot) -> list[tuple[str, str, str]]:
    """(case id, first word, second word): two neighbouring words of a case's title, neither a stop word,
    whose joined form neither the base nor English knows ("social" "media": "socialmedia")."""
    known = snapshot.index.known_words
    english = snapshot.index.english
    pairs = {}
    for case in snapshot.kb.cases:
        said = words(case.title)
        for head, tail in zip(said, said[1:]):
            joined = head + tail
            if min(len(head), len(tail)) >= 4 and head.isalpha() and tail.isalpha() \
                    and not (is_stop_word(head) or is_stop_word(tail)) and joined not in known \
                    and not is_english(joined, known=english) and not inflects(joined, english):
                pairs.setdefault(joined, (case.id, head, tail))
    return sorted(pairs.values())


def test_two_words_of_the_base_written_joined_up_are_read_apart(snapshot):
    """"notetaker" for note taker: two neighbouring title words written as one are read as the two words,
    and the question is answered as the words written apart are."""
    pairs = _title_pairs(snapshot)
    assert len(pairs) >= 200
    tried = kept = read = 0
    for _case, head, tail in pairs[::4]:
        apart = answer(f"{head} {tail}", snapshot)
        if not apart.answered:
            continue
        tried += 1
        joined = answer(head + tail, snapshot)
        read += (head + tail, f"{head} {tail}") in joined.corrections
        kept += joined.answered and joined.results[0].case.id == apart.results[0].case.id
    assert tried >= 150
    assert read >= 0.95 * tried and kept >= 0.95 * tried, (tried, read, kept)


def test_a_word_the_base_writes_whole_is_read_so_when_hyphenated(snapshot):
    """"e-books" for the base's "ebooks": a base word of a letter and an English word ("email", "ebooks")
    written with a hyphen after its first letter is read as the base writes it, in full."""
    index = snapshot.index
    whole = sorted(w for w in index.known_words if len(w) >= 5 and w.isalpha() and not is_stop_word(w)
                   and is_english(w[1:], known=index.english) and f"{w[0]}-{w[1:]}" not in index.known_words)
    assert len(whole) >= 20
    wrong = [(w, c) for w in whole if (c := index.correct(f"{w[0]}-{w[1:]}")) != (w, 1.0)]
    assert wrong == []


def test_an_english_word_or_its_inflection_is_never_read_as_two(snapshot):
    """"weekend" is no "week end", nor "pretending" "pretend ing": a word English knows, or a regular
    inflection of one, stays as asked, however its letters split into base words; only a phrase of the
    vocabulary's groups closed up ("writeup": "write up", "takeup": "take up") is read as the phrase."""
    index = snapshot.index
    known = index.known_words
    sample = sorted(w + e for w in index.english if 4 <= len(w) <= 8 and w.isalpha() for e in ("", "ing", "ed")
                    if w + e not in known and any(w[:i] in known and (w + e)[i:] in known for i in range(3, len(w))))
    assert len(sample) >= 300
    closed_up = index.vocabulary.joined
    assert [(w, c) for w in sample if (c := index.correct(w)) is not None and " " in c[0] and closed_up.get(w) != c[0]] == []
    assert any(closed_up.get(w) for w in sample)  # the exception is taken, not vacuous


def test_the_rules_of_a_reading_apart_on_small_lists():
    """The rules one at a time, on lists small enough to show each: a prefix letter's hyphen put back, parts
    of three letters or more, one of them at least the base's, never two stop words, one best split only."""
    from bot.search.apart import written_apart

    english = frozenset({"taker", "desk", "help", "into", "the"})
    assert written_apart("elearning", {"e-learning"}, english) == "e-learning"
    assert written_apart("e-books", {"ebooks"}, english) == "ebooks"
    assert written_apart("notetaker", {"note"}, english) == "note taker"  # one part the base's, one English
    assert written_apart("notetaker", {"note", "taker"}, english) == "note taker"
    assert written_apart("abtable", {"ab", "table"}, english) is None  # "ab" is too short a part
    assert written_apart("tableab", {"ab", "table"}, english) is None
    assert written_apart("intothe", {"into", "the"}, english) is None  # two stop words
    assert written_apart("helpdesk", set(), english) is None  # neither part the base's
    assert written_apart("abcdefg", {"abc", "defg", "abcd", "efg"}, english) is None  # two equally good splits
