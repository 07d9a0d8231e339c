"""How the bot reads text, on a small vocabulary of its own: what a question's words become (units, concepts,
corrections) and what a case's words offer. A wrong fold, stem, phrase or alias here makes questions miss
cases that say the same thing in other words, which users see as "no good match" or the wrong case."""
from __future__ import annotations

import gc
import tracemalloc

from bot.search.analyse import CONCEPT_QUALITY, parse_question, term_list_of_words, terms_of_words
from bot.search.normalise import is_stop_word, stem, words
from bot.search.vocabulary import compile_vocabulary, expand_aliases


def vocab():
    """Compiled inside each test, not at import, so a change to compiling is seen by the tests that use it."""
    return compile_vocabulary(
        (("saved money", "savings", "saved"), ("waste", "refuse", "bins"), ("robotic process automation", "rpa")),
        {"lbhf": "hammersmith and fulham", "h and f": "hammersmith and fulham"},
    )


def no_corrections(word: str) -> None:
    return None


def units(text: str, correct=no_corrections) -> list[tuple[str, tuple[tuple[str, float], ...], bool]]:
    return [(u.text, u.alternatives, u.corrected) for u in parse_question(text, vocab(), correct).units]


def test_text_is_folded_the_way_people_type_it():
    """Accents, '&', curly apostrophes and possessives do not stop two spellings meeting."""
    assert words("Hammersmith & Fulham’s Café") == ["hammersmith", "and", "fulham", "cafe"]
    assert words("the council's bins") == ["the", "council", "bins"]
    assert words("O'Neill") == ["oneill"]


def test_it_in_capitals_is_information_technology_and_teams_after_the_first_word_is_microsoft_teams():
    assert words("shared IT service") == ["shared", "ict", "service"]
    assert words("is it shared") == ["is", "it", "shared"]
    assert words("moved our phones to Teams") == ["moved", "our", "phones", "to", "microsoft", "teams"]
    assert words("Teams of social workers") == ["teams", "of", "social", "workers"]


def test_a_number_s_thousands_are_one_word_however_they_are_grouped():
    """"2,000" in a case and "2000" in a question are one number; a comma between words or after a year stays
    a comma."""
    assert words("from 300 to 2,000 staff") == ["from", "300", "to", "2000", "staff"]
    assert words("£1,150,000 saved") == words("£1150000 saved") == ["1150000", "saved"]
    assert words("apples,000 and 2019,20") == ["apples", "000", "and", "2019", "20"]


def test_a_number_a_case_title_groups_with_commas_finds_it_written_plainly(snapshot):
    """A question stating a title's figure without the comma ("2000 staff") finds that case among its best."""
    import re

    from bot.answers import read_question

    tried = 0
    for case in snapshot.kb.cases:
        figure = re.search(r"\b\d{1,3}(?:,\d{3})+\b", case.title)
        if figure is None:
            continue
        tried += 1
        topic = max((w for w in words(case.title) if not w.isdigit() and not is_stop_word(w)), key=len)
        hits = read_question(f"{figure.group(0).replace(',', '')} {topic}", snapshot).hits
        assert case.id in [hits[i].case.id for i in range(min(3, len(hits)))], (case.id, case.title)
    assert tried >= 5


def test_parking_is_not_stemmed_into_parks():
    """A question about parks must not find parking permits, and the other way round."""
    assert stem("parking") == "parking" and stem("parks") == "park" and stem("park") == "park"
    assert stem("bins") == stem("bin")


def test_a_noun_and_its_verb_share_a_stem_where_the_stemmer_keeps_them_apart(snapshot):
    """"submissions" finds a case that says applicants "submit" (the stemmer alone gives "submiss" and
    "submit"); "permission" stays apart from a parking "permit"."""
    assert stem("submissions") == stem("submit") == stem("submitted")
    assert stem("subscription") == stem("subscribe") and stem("descriptions") == stem("described")
    assert stem("permission") != stem("permit")
    from bot.answers import read_question

    hits = read_question("Scottish planning submissions website", snapshot).hits
    assert hits and hits[0].case.id == "eplanning-scotland"


def test_a_round_number_in_words_is_read_in_figures():
    """"ten thousand homes" is the 10000 a case writes "10,000"; "hundreds of homes" names no number."""
    from bot.search.normalise import question_words

    assert question_words("over ten thousand homes, a hundred trainees, twenty-thousand lamps") == [
        "over", "10000", "homes", "100", "trainees", "20000", "lamps"]
    assert question_words("hundreds of homes, thousands of staff") == ["hundreds", "of", "homes", "thousands", "of", "staff"]


def test_where_the_asker_read_of_it_is_no_topic():
    """"I read that a city's bins ..." is how the asker heard of it, as "I heard" is; "read" was matched in
    another council's "readings" and put its case first. Reading that is the topic stays."""
    from bot.search.normalise import question_words

    assert "read" not in question_words("I read that a city's bins say when they are full")
    assert "read" not in question_words("I've read about councils doing this")
    assert question_words("we read the meters by hand")[:2] == ["we", "read"]
    assert "read" in question_words("easy read letters")


def test_a_phrase_of_the_vocabulary_closed_up_is_read_as_its_words(snapshot):
    """"writeups" (the vocabulary's "write-ups") is an English word no case uses: never corrected, it weighed
    as a topic the base lacks. Closed up, a two-word phrase of a group is read as the phrase; a number is not
    a phrase ("247" stays 247, not "24/7")."""
    index = snapshot.index
    assert index.correct("writeups") == ("write ups", 1.0)
    assert index.correct("writeup") == ("write up", 1.0)
    assert index.correct("247") is None


def test_an_irregular_past_shares_its_verbs_stem():
    """"spending millions" finds what a case "spent": the stemmer leaves irregular past forms apart."""
    from bot.search.normalise import stem

    assert stem("spent") == stem("spending") == stem("spend")
    assert (stem("sold"), stem("bought"), stem("grown"), stem("sent")) == (stem("sells"), stem("buying"),
                                                                         stem("growing"), stem("sending"))


def test_a_region_that_names_an_event_narrows_nothing():
    """"after the London tower block fire" places the fire, not the cases asked for; a body named with its
    region, and a region's councils, keep it."""
    from bot.search.framing import without_framing

    assert "London" not in without_framing("Since the London tower block fire, who fixed their address data?")
    assert "Welsh" not in without_framing("After the Welsh floods, which councils used sensors?")
    assert "London" in without_framing("How did the London Fire Brigade use UPRNs?")
    assert "London" in without_framing("What did the London boroughs do about fire safety?")


def test_england_beside_one_of_its_regions_widens_nothing(snapshot):
    """"one in Wales and one in the north-east of England": England says where the North East is. Read as a
    region of its own beside Wales, it let every English case in, and a Hertfordshire case led."""
    from bot.search.rank import regions_asked

    index = snapshot.index

    def regions(text: str) -> tuple[str, ...]:
        return regions_asked(parse_question(text, index.vocabulary, index.correct).units)[0]

    assert regions("pothole trials by one council in Wales and one in the north-east of England") == ("Wales", "North East")
    assert regions("pothole trials in the North East of England") == ("North East",)
    assert {"Wales", "North East", "London"} <= set(regions("pothole trials in Wales and England"))


def test_what_the_askers_organisation_is_going_through_is_asked():
    """"I work for a district council being merged into a new unitary": the merger is the question's topic,
    not who asks. "I live near the steelworks" says where the asker is; its "live" is no live data."""
    from bot.search.framing import without_framing

    assert "merged" in without_framing("I work for a district council being merged into a new unitary next spring, "
                                       "and I'm worried about email. Who merged theirs?")
    assert "facing" in without_framing("I work for a county facing big cuts to its IT budget. Who shared services?")
    assert "live" not in words(without_framing("I live near the steelworks and worry about the air. Any sensors?"))
    assert "village" in without_framing("I live in a village with hardly any buses. Any demand-responsive transport?")


def test_front_line_services_are_one_phrase_not_a_front_and_a_line(snapshot):
    """"front-line services" apart matched a case's "line" (a phone line) and any "front"."""
    index = snapshot.index
    read = [u.text for u in parse_question("Rather than front-line services first, start in IT?", index.vocabulary,
                                           index.correct).units]
    assert "front line services" in read and "line" not in read


def test_a_count_past_ten_in_words_is_the_figure_the_cases_write(snapshot):
    """"one login for thirteen council services": the case says "13 council services", and style guides
    write numbers past ten in figures; "one login" and "two councils" stay words, as the cases write them."""
    from bot.answers import answer
    from bot.search.normalise import question_words

    assert question_words("thirteen council services, twenty-six bots and forty two homes") == [
        "13", "council", "services", "26", "bots", "and", "42", "homes"]
    assert question_words("one login for two councils") == ["one", "login", "for", "two", "councils"]
    assert question_words("twenty thousand homes") == ["20000", "homes"]

    got = answer("one login for thirteen council services", snapshot).results
    assert got and got[0].case.id == "hammersmith-fulham-self-service"


def test_country_wide_is_one_phrase_not_a_country(snapshot):
    """"a country-wide programme" apart offered "country", which a case's place ("the Black Country") has: a
    Black Country care record led a question about a national schools programme."""
    index = snapshot.index
    read = [u.text for u in parse_question("Is there a country-wide programme for school laptops?", index.vocabulary,
                                           index.correct).units]
    assert "country wide" in read and "country" not in read


def test_the_group_an_asker_runs_is_who_asks():
    """"I run a food bank in Scotland and ..." says who asks, as "I run a charity" does: "food bank" is no
    topic of the question (the base has none, so it declined the question about devices it asks)."""
    from bot.search.framing import without_framing

    assert "food bank" not in without_framing("I run a food bank in Scotland and people can't get online. Any scheme?")
    assert "youth club" not in without_framing("I run a youth club and kids need laptops. Who lends them?")


def test_every_english_function_word_of_bm25s_list_is_a_stop_word():
    """The English function words of bm25s's list (NLTK's, as the BM25 baseline uses them), written as people
    type them without apostrophes: a function word the base does not use ("now", "yourself") would weigh as a
    topic it lacks."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    pieces = {w for w in STOPWORDS_EN_PLUS if f"{w}'t" in STOPWORDS_EN_PLUS} | {"ain", "ma"}
    """NLTK's tokeniser's halves of contractions ("shouldn" of "shouldn't"): our words keep them whole."""
    typed = {w.replace("'", "") for w in set(STOPWORDS_EN_PLUS) - pieces if len(w.replace("'", "")) > 1}
    assert sorted(w for w in typed if not is_stop_word(w)) == []


def test_stop_words_are_function_words_and_filler_not_topics():
    assert all(is_stop_word(w) for w in ("the", "which", "councils", "examples", "hi", "implemented"))
    assert not any(is_stop_word(w) for w in ("waste", "parking", "chatbot", "ict", "telecare", "xx"))


def test_a_synonym_group_is_one_concept_named_after_its_first_phrase():
    assert vocab().phrases[("save", "money")] == "~saved-money"
    assert vocab().phrases[(stem("refuse"),)] == vocab().phrases[(stem("bins"),)] == "~waste"
    assert vocab().phrases[("robot", "process", "autom")] == vocab().phrases[("rpa",)]
    assert ("robot", "process") in vocab().phrase_prefixes and ("robot",) in vocab().phrase_prefixes
    assert {("robot", "process"), "rpa"} <= vocab().phrase_openings and "robot" not in vocab().phrase_openings
    assert vocab().longest_alias == 3
    assert {"savings", "refuse", "robotic", "lbhf", "hammersmith", "fulham"} <= vocab().surface_words


def test_a_kind_of_system_said_of_its_software_is_the_same_concept():
    """"finance and HR software" is the group's "finance and HR system"; a system that is no software phrase
    ("the system") and software that names no kind of system ("software") stay words of their own."""
    vocabulary = compile_vocabulary((("erp", "finance and hr system", "case management systems"), ("phone", "system")), {})
    for said in ("finance and hr software", "case management software"):
        assert vocabulary.phrases[tuple(map(stem, words(said)))] == "~erp"
    assert (stem("software"),) not in vocabulary.phrases
    assert vocabulary.names_as_written("~erp", "our finance and HR software")


def test_a_question_becomes_one_unit_per_phrase_or_meaningful_word():
    """Phrases first (longest, as one unit, with their concept at a lower quality), then the other words that
    are not stop words; a one-letter word means nothing, a two-letter one may ("ai"); "bins, bins" is asked once."""
    assert units("who saved money on bins, bins, refuse and ai x") == [
        ("saved money", (("save_money", 1.0), ("~saved-money", CONCEPT_QUALITY)), False),
        ("bins", (("bin", 1.0), ("~waste", CONCEPT_QUALITY)), False),
        ("refuse", ((stem("refuse"), 1.0), ("~waste", CONCEPT_QUALITY)), False),
        ("ai", (("ai", 1.0),), False),
    ]
    assert CONCEPT_QUALITY < 1.0


def test_a_phrase_is_cut_short_where_that_reads_the_phrase_overlapping_its_end_whole():
    """"automated chat helper": "automated chat" would leave "helper" alone, a word no case uses; read as
    "automated" and "chat helper", every word is a phrase; "moved homes for ukraine" reads three words as
    "homes for ukraine", two as "moved homes". Where the cut reads no more words as phrases, the longest
    phrase stays."""
    chat = ("chatbot", "automated chat", "chat helper")

    def read(text: str, *groups: tuple[str, ...]) -> list[str]:
        return [u.text for u in parse_question(text, compile_vocabulary(groups, {}), no_corrections).units]

    assert read("automated chat helper", ("automation", "automated"), chat) == ["automated", "chat helper"]
    assert read("automated chat", ("automation", "automated"), chat) == ["automated chat"]
    assert read("automated chat helper", chat) == ["automated chat", "helper"]
    moving, ukraine = ("change of address", "moved homes"), ("homes for ukraine", "ukraine sponsorship")
    assert read("moved homes for ukraine", moving, ukraine) == ["homes for ukraine"]  # "moved" is a stop word
    assert read("moved homes for families", moving, ukraine) == ["moved homes", "families"]


def test_a_short_form_is_read_as_the_name_it_stands_for():
    assert units("LBHF") == units("Hammersmith and Fulham") == [
        ("hammersmith", (("hammersmith", 1.0),), False), ("fulham", (("fulham", 1.0),), False)]
    assert units("h and f") == units("lbhf"), "the longest short form first, over several words"
    assert expand_aliases([("h", 1.0), ("and", 0.8), ("f", 1.0), ("x", 1.0)], vocab()) == [
        ("hammersmith", 0.8), ("and", 0.8), ("fulham", 0.8), ("x", 1.0)], "as sure as its least sure word"
    assert expand_aliases([("lbhf", 1.0)], compile_vocabulary((), {})) == [("lbhf", 1.0)]


def test_a_misspelt_word_is_corrected_and_reported_but_short_and_stop_words_are_never_looked_up():
    asked: list[str] = []

    def correct(word: str) -> tuple[str, float] | None:
        asked.append(word)
        return ("fulham", 0.9) if word == "fullham" else None

    parsed = parse_question("which fullham bins fullham had ai", vocab(), correct)
    assert [(u.text, u.alternatives, u.corrected) for u in parsed.units] == [
        ("bins", (("bin", 1.0), ("~waste", CONCEPT_QUALITY)), False),
        ("fulham", (("fulham", 0.9),), True),
        ("ai", (("ai", 1.0),), False),
    ]
    assert parsed.corrections == (("fullham", "fulham"),), "reported once"
    assert asked == ["fullham", "bins", "fullham"], "not 'which' (a stop word), 'had' or 'ai' (too short)"


def test_a_corrected_phrase_counts_as_sure_as_its_least_sure_word():
    parsed = parse_question("saved monney", vocab(), lambda w: ("money", 0.8) if w == "monney" else None)
    assert [(u.text, u.alternatives, u.corrected) for u in parsed.units] == [
        ("saved money", (("save_money", 0.8), ("~saved-money", 0.8 * CONCEPT_QUALITY)), True)]


def test_case_text_offers_its_stems_its_concepts_and_its_exact_phrases():
    """The set for matching (each term once) and the bag BM25 counts (every occurrence, in order)."""
    text = words("Robotic process automation saves the bins, bins")
    assert terms_of_words(text, vocab()) == {
        "robot", "process", "autom", "save", "bin", "~robotic-process-automation", "robot_process_autom",
        "~saved-money", "~waste"}
    assert term_list_of_words(text, vocab()) == [
        "robot", "process", "autom", "save", "bin", "bin",
        "~robotic-process-automation", "robot_process_autom", "~saved-money", "~waste", "~waste"]
    assert terms_of_words(words("LBHF"), vocab()) == {"hammersmith", "fulham"}


def test_a_phrase_in_two_groups_keeps_the_first_groups_concept_and_empty_entries_are_ignored():
    """Curators list the most specific group first; a later group must not take a phrase over. A phrase or
    short form of punctuation only means nothing and must not match every question."""
    vocabulary = compile_vocabulary((("bins", "waste"), ("litter", "bins"), ("--", "?!")),
                                    {"..": "nothing", "ni": "northern ireland"})
    assert vocabulary.phrases == {("bin",): "~bins", ("wast",): "~bins", ("litter",): "~litter"}
    assert () not in vocabulary.phrases and () not in vocabulary.aliases
    assert vocabulary.aliases == {("ni",): ("northern", "ireland")}
    assert vocabulary.phrase_openings == {"bin", "wast", "litter"} and vocabulary.alias_starts == {"ni"}
    empty = compile_vocabulary((), {})
    assert (empty.phrase_prefixes, empty.longest_alias, empty.surface_words) == (frozenset(), 1, frozenset())
    assert parse_question("bins", empty, no_corrections).units[0].alternatives == (("bin", 1.0),)


def asked(text: str, **names) -> dict[str, bool]:
    return {u.text: u.asked for u in parse_question(text, vocab(), no_corrections, **names).units}


def test_when_the_question_itself_names_no_topic_the_story_around_it_is_the_topic():
    """"Has anyone switched?" says nothing of what: the asker's story says it, so every word counts as asked."""
    assert asked("We moved offices and phones. Has anyone switched?") == {"offices": True, "phones": True,
                                                                         "switched": True}


def test_a_question_carried_on_with_and_after_some_story_asks_in_that_clause():
    assert asked("We moved offices. Our bins overflow. Nobody knows; and who has used drones?") == {
        "offices": False, "bins": False, "overflow": False, "knows": True, "drones": True}


def test_a_capitalised_word_nobody_knows_is_kept_as_asked_and_a_stop_word_is_never_read_as_a_name():
    """Title Case writes every word as a name: "Have" is still the word have, never the place one slip away."""
    def hove(word):
        return ("hove", 0.75) if word == "have" else None

    parsed = parse_question("What Have Councils Done With Drones in Barnsley?", vocab(), no_corrections, correct_name=hove)
    assert [(u.text, u.alternatives, u.corrected) for u in parsed.units] == [
        ("drones", (("drone", 1.0),), False), ("barnsley", (("barnsley", 1.0),), False)]
    assert parsed.corrections == ()


def test_a_name_is_a_phrase_only_word_for_word_and_one_of_ordinary_words_only_with_capitals():
    """A body's name ("Improvement Service") is that body, in a question and in a case's text; the same
    words in other forms ("improved services") are those words, not the body, and a synonym group's own
    phrase still counts however it is written. A question must write a name of ordinary words with capitals:
    "London Councils" is a body, "London councils and AI" asks about councils in London."""
    ordinary = {"improvement", "service", "london", "councils", "refuse", "collection", "team"}.__contains__
    vocabulary = compile_vocabulary((("waste", "refuse collection"),), {},
                                    (("improvement service",), ("refuse collection team",), ("london councils",),
                                     ("north west anglia nhs foundation trust",)), ordinary)
    body = "~improvement-service"

    def concepts(question: str) -> list[str]:
        return [concept for u in parse_question(question, vocabulary, lambda w: None).units
                for concept, _q in u.alternatives if concept.startswith("~")]

    assert body in terms_of_words(words("the improvement service said"), vocabulary)
    assert body not in terms_of_words(words("they improved services"), vocabulary)
    assert concepts("what has the Improvement Service done?") == [body]
    assert body not in concepts("Improving Services online")
    assert body not in concepts("what has the improvement service done?")
    assert concepts("London Councils and AI") == ["~london-councils"]
    assert "~london-councils" not in concepts("London councils and AI")
    assert concepts("north west anglia nhs foundation trust") == ["~north-west-anglia-nhs-foundation-trust"]
    assert "~waste" in terms_of_words(words("refuse collections"), vocabulary)
    assert "~refuse-collection-team" in terms_of_words(words("the refuse collection team"), vocabulary)
    assert "~refuse-collection-team" not in terms_of_words(words("refuse collecting teams"), vocabulary)


def test_a_word_stemming_leaves_as_it_is_is_its_own_stem_not_a_copy():
    """Most of a base's words are their own stems ("data", "council"): the index holds the word and the term
    as one string, and a changed stem is still the stem."""
    stem.cache_clear()
    for word in ("".join(("da", "ta")), "".join(("coun", "cil")), "".join(("park", "ing"))):
        assert stem(word) is word
    assert stem("".join(("coun", "cils"))) == "council" and stem("bins") == "bin"


def test_stems_cleared_from_the_cache_hold_no_memory():
    """Indexing stems every word of every case, then clears `stem`'s cache: the stems must then be freed
    (a cache behind it, PyStemmer's own of its last 10,000 words, held 1.6 MB at 1,000 cases)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    fresh = [f"q{letters[n // 676]}{letters[n // 26 % 26]}{letters[n % 26]}ings" for n in range(5000)]
    stem.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        stemmed = {stem(word) for word in fresh}
        held_while_cached = tracemalloc.get_traced_memory()[0] - before
        del stemmed
        stem.cache_clear()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held_while_cached > 500_000  # the measurement sees the stems while they are cached
    assert held < 20_000


def test_a_stop_word_is_never_read_as_a_vocabulary_word_that_stems_alike():
    """"We'd" folds to "wed", the stem of "wedding"; "awful" stems as "AWS" does: neither is that word. A
    one-word phrase of a group stemming like a stop word counts only as the group writes it, in questions
    and in case text alike; as written, it still reads as its group."""
    vocabulary = compile_vocabulary((("weddings", "wedding", "marriages"), ("cloud", "aws")), {})
    for text in ("we'd like to know", "that was awful"):
        assert [u.text for u in parse_question(text, vocabulary, no_corrections).units] == [], text
        assert not any(t.startswith("~") for t in terms_of_words(words(text), vocabulary)), text
    for text, concept in (("a wedding online", "~weddings"), ("weddings", "~weddings"), ("moving to aws", "~cloud")):
        assert concept in terms_of_words(words(text), vocabulary)
        assert any(concept in dict(u.alternatives) for u in parse_question(text, vocabulary, no_corrections).units)
