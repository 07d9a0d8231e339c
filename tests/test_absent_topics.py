"""A topic the vocabulary names but no case has ("pest control", "HMO licensing") is one the base is known to
lack: a question asking about it is declined, however many of its generic words ("book", "online",
"residents") a case matches; said only in the asker's story around a covered question, it declines nothing."""
from __future__ import annotations

import pytest

from bot.answers import answer
from bot.search.normalise import stem, words
from bot.search.vocabulary import group_concept


@pytest.fixture(scope="module")
def absent_topics(snapshot) -> list[str]:
    """The phrases of each group no case has that have a word no case has either (a case may say the words of
    a phrase apart as its topic: tests/test_phrase_apart.py)."""
    index = snapshot.index
    topics = [phrase for group in snapshot.kb.synonyms if index.idf.of(group_concept(group)) is None
              for phrase in group if any(index.idf.of(stem(word)) is None for word in words(phrase))]
    assert len(topics) >= 60, "the vocabulary names topics the base lacks"
    return topics


@pytest.mark.parametrize("form", ["Can residents book {} online with any council?",
                                  "online applications for {} from residents",
                                  "Has any council moved {} online so residents can apply and pay?"])
def test_a_question_about_a_topic_no_case_has_is_declined(snapshot, absent_topics, form):
    answered = [topic for topic in absent_topics if answer(form.format(topic), snapshot).answered]
    assert answered == []


def test_a_topic_no_case_has_in_the_askers_story_declines_nothing(snapshot, absent_topics):
    question = "We already take {} requests online. Has any council moved bulky waste collection bookings online?"
    declined = [topic for topic in absent_topics if not answer(question.format(topic), snapshot).answered]
    assert declined == []


@pytest.mark.parametrize("asked", ["Has any council built an online tool like that?",
                                   "Is there something similar anywhere, with residents applying online?",
                                   "Has anyone done this kind of thing online?",
                                   "Has another council moved these to online forms and payments?",
                                   "Has any council used digital marketing to find more?",
                                   "Have other councils put them online?",
                                   "Has a council worked through that choice, and what did it decide?",
                                   "Has any council faced this decision, and what did it do?",
                                   "Has anyone started there and grown it into a proper programme?"])
def test_a_topic_no_case_has_in_a_story_the_question_points_back_to_is_declined(snapshot, absent_topics, asked):
    """"We want residents to report <topic> online. Has any council built a tool like that?": what is asked
    is what the story describes, so the story's topic the base lacks is asked about."""
    answered = [topic for topic in absent_topics
                if answer(f"We want residents to be able to sort out {topic} online. {asked}", snapshot).answered]
    assert answered == []


@pytest.mark.parametrize("thing", ["mix", "setup", "situation"])
def test_the_thing_a_question_points_back_to_is_the_askers_story(snapshot, thing):
    """"... Has any council dealt with that kind of mix?": "mix" is the story told before, not a topic of the
    question's own, so the story is what is asked and its case answers it."""
    cases = sorted(snapshot.kb.cases, key=lambda case: case.id)[::10]
    missed = [case.id for case in cases
              if not (result := answer(f"Our council is thinking about this: {case.summary.split('. ')[0]}. "
                                       f"Has any council dealt with that kind of {thing}?", snapshot)).results
              or result.results[0].case.id != case.id]
    assert len(cases) >= 30 and missed == []


def test_how_the_asker_s_story_was_done_is_not_a_topic_of_its_own(snapshot):
    """"... Has a council done this at scale?": "at scale" says how the story told before was done, so the
    story is what is asked, not what the base has "at scale"."""
    cases = sorted(snapshot.kb.cases, key=lambda case: case.id)[5::10]
    missed = [case.id for case in cases
              if not (result := answer(f"We are planning this: {case.summary.split('. ')[0]}. "
                                       "Has any council done this at scale?", snapshot)).results
              or result.results[0].case.id != case.id]
    assert len(cases) >= 30 and missed == []


@pytest.mark.parametrize("who", ["a group of neighbouring councils", "a couple of neighbouring boroughs", "a group of boroughs"])
def test_who_might_have_done_the_asker_s_story_is_not_a_topic_of_its_own(snapshot, who):
    """"... some members want to add IT and building control to the arrangement. Has a group of districts
    done that?": who might have done it names no topic, so the story is what is asked, as after "has any
    council done that?" (it was declined: the story taken for background, "group" and "districts" for the
    question)."""
    cases = sorted(snapshot.kb.cases, key=lambda case: case.id)[7::10]

    def first(case, asked: str) -> bool:
        result = answer(f"Some members want this: {case.summary.split('. ')[0]}. {asked}", snapshot)
        return bool(result.results) and result.results[0].case.id == case.id

    plain = [case for case in cases if first(case, "Has any council done that?")]
    assert len(plain) >= 29 and [case.id for case in plain if not first(case, f"Has {who} done that?")] == []


@pytest.mark.parametrize("asked", ["Who is behind that, and how many machines are we talking about?",
                                   "Has a small council actually lived through that, and what kept working afterwards?",
                                   "Who is organising that and how many machines are involved?",
                                   "What happened with that, and how many machines were involved?"])
def test_a_question_about_the_very_thing_the_asker_told_asks_the_story(snapshot, asked):
    """"... every teacher is getting a new laptop. Who is behind that, and how many machines are we talking
    about?": what is asked is the story itself, so the case the story describes answers it; a word of the
    ask's own ("machines") does not make the story mere background, as it does after "something like that"."""
    cases = sorted(snapshot.kb.cases, key=lambda case: case.id)[3::10]
    missed = [case.id for case in cases
              if not (result := answer(f"I heard this: {case.summary.split('. ')[0]}. {asked}", snapshot)).results
              or result.results[0].case.id != case.id]
    assert len(cases) >= 30 and missed == []


def test_a_topic_only_a_theme_s_word_list_names_is_one_the_base_lacks(snapshot):
    """A theme's word list may name a topic no case's own text has ("fostering" among children's services'
    words): a question about it is declined like one about a topic nothing names."""
    from bot.search.rank import THEMES

    index = snapshot.index
    phrases = [phrase for group in snapshot.kb.synonyms
               if (postings := index.postings.get(group_concept(group))) is not None and (postings.fields == THEMES).all()
               for phrase in group]
    assert phrases, "some theme names a topic no case's text has"
    answered = [p for p in phrases if answer(f"Has any council redesigned the online journey for {p}?", snapshot).answered]
    assert answered == []


def test_the_decline_names_the_topic_the_library_lacks(snapshot, absent_topics):
    """The asker is told which of their words the library has nothing on, so they do not try other words."""
    from bot.render.words import no_match_text

    for topic in absent_topics[::7]:
        result = answer(f"Has any council moved {topic} online?", snapshot)
        assert result.not_covered and f'no case study about "{result.not_covered[0]}" yet' in no_match_text(result)


def test_a_word_that_only_stems_like_a_missing_topic_s_word_does_not_name_it(snapshot):
    """Stemming joins words of different senses: "idle" (software) stems like "idling" (engines), "coronation"
    like "coroners". A question with such a word asks nothing about the topic, so it is not declined as one
    about a topic the base lacks."""
    from bot.search.english import modern_words

    index = snapshot.index
    members = {word for group in snapshot.kb.synonyms for phrase in group for word in words(phrase)}
    by_stem: dict[str, list[str]] = {}
    for word, uses in modern_words().items():
        if uses >= 500 and word.isalpha() and word not in members:
            by_stem.setdefault(stem(word), []).append(word)
    siblings = sorted({sibling for group in snapshot.kb.synonyms if index.idf.of(group_concept(group)) is None
                       for phrase in group if len(words(phrase)) == 1
                       for sibling in by_stem.get(stem(phrase), ()) if sibling.rstrip("s") != phrase.rstrip("s")})
    assert len(siblings) >= 3, "some missing topic's word stems like another English word"
    named = [word for word in siblings if word in answer(f"What did councils do about {word} laptops?", snapshot).not_covered]
    assert named == []


@pytest.mark.parametrize(("text", "names"), [("idle software", False), ("fines for idling", True),
                                             ("idling engines outside schools", True), ("Engine idling", True),
                                             ("landslips near roads", True), ("a landslide", False)])
def test_a_topic_is_named_as_its_group_writes_it_give_or_take_plurals(text, names):
    from bot.search.vocabulary import compile_vocabulary

    vocabulary = compile_vocabulary((("engine idling", "idling"), ("landslip",)), {})
    concept = "~engine-idling" if "idl" in text.lower() else "~landslip"
    assert vocabulary.names_as_written(concept, text) is names


@pytest.mark.parametrize(("asked", "back"), [
    ("Has any council put them online?", True),
    ("Have other councils moved them onto online forms?", True),
    ("Has any council built its own version and made it available to others?", True),
    ("Are there traffic lights that tell bikes apart from cars and let them go first?", False),
    ("Has a council fitted cameras to bin lorries to spot potholes and report them?", False),
])
def test_them_points_back_to_the_story_unless_the_question_names_things_of_its_own_first(snapshot, asked, back):
    """"I cycle to work through the city centre. Are there traffic lights that ... let them go first?" asks
    about the bikes, not about cycling to work (a topic the base lacks, which would decline it)."""
    from bot.search.analyse import parse_question

    index = snapshot.index
    parsed = parse_question(f"I cycle to work through a busy city centre every day. {asked}", index.vocabulary, index.correct)
    assert parsed.points_back is back


@pytest.mark.parametrize("question", ["pay by bank for council tax payments",
                                      "Can residents pay their council tax by bank transfer payments online?",
                                      "We need a digital register of the street trees we look after so we can"
                                      " plan tree safety inspections.",
                                      "social workers finding care homes with a free bed",
                                      "Is there an app for staff to log playground equipment safety inspections?",
                                      "Can AI black out other people's details when we answer requests for copies of "
                                      "someone's personal data?",
                                      "Did councils build an online application form for Covid grants to local "
                                      "businesses?",
                                      "portal for community groups to apply for small council grants",
                                      "Have any councils run collective energy switching schemes to get residents "
                                      "cheaper gas and electricity?",
                                      "Are councils using tablets to record safety inspections of children's playgrounds?",
                                      "Is there a council app that helps tenants find someone to swap council homes with?"])
def test_a_topic_the_base_lacks_made_of_words_it_has_is_declined(snapshot, question):
    """"pay by bank" (open banking) is made of words every payments case has ("pay", "bank", "payments"): only
    as a phrase of the vocabulary is it a topic, which no case has. So are street trees (cases have streets)
    and a care home's free beds (cases have care homes, and flower beds), and the inspections of a playground's
    equipment (a case has playgrounds, others safety inspections of roads), and redacting a subject access
    request (cases have AI, personal data and requests), and grants to businesses or community groups (cases
    have online application forms, and a grant that paid for one)."""
    assert not answer(question, snapshot).answered
