"""How the bot reads what people really ask (issue 11), each failure class in its general form: built from
the knowledge base and the question files, never from one quoted question."""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import pytest

from bot.answers import Answer, answer, read_question
from bot.evaluate import Expectation, read_expectations
from bot.search.analyse import parse_question
from bot.search.english import english_words, is_english
from bot.search.framing import with_capitals_named
from bot.search.intent import Intent
from bot.search.normalise import is_stop_word, stem, words
from bot.search.rank import rank
from bot.search.regions import ENGLAND, REGION_WORDS
from bot.search.vocabulary import group_concept

from .conftest import DATA

ANSWERABLE = [e for name in ("dev-questions.yaml", "our-questions.yaml")
              for e in read_expectations(DATA / name) if e.organisations]


def expected_first(e: Expectation, result: Answer) -> bool:
    """`result` answers `e`'s question with one of its expected organisations' cases first."""
    return result.answered and e.matches(result.results[0].case.organisations)


def answered_first(expectations: list[Expectation], snapshot, phrase: Callable[[str], str] = str) -> list[Expectation]:
    """Those of `expectations` whose question, phrased by `phrase`, is answered with an expected case first."""
    return [e for e in expectations if expected_first(e, answer(phrase(e.question), snapshot))]

CHATTY = (
    "Hi, I work in a small digital team and my manager has asked me to look into something. {q} Any examples"
    " you know of would be really helpful, thanks!",
    "Hello all, I'm wondering about this and hoping someone can help: {q} Thanks!",
    "Honestly it's a bit of a mess here, everybody is swamped and worried and it's a nightmare. {q}",
    "Across the many councils out there, several have often tried this instead, so: {q}",
    "Things have gone crazy here and it's boring, we'd love to hear how far others got. {q}",
    "We've been asked by members to look at this because the current arrangements are costly and residents keep"
    " complaining. {q}",
    "Hi all, quick one from a small district: we're reviewing how we do things and want to learn from others"
    " before we commit. {q}",
    "We tried something similar a few years ago and it did not go well, so people are wary of it. {q}",
    "Good afternoon. {q}",
    "Morning all, {q}",
)


@pytest.mark.parametrize("template", CHATTY)
def test_chatty_wording_around_a_question_keeps_its_answer(snapshot, template):
    """A question that first explains the asker's situation is answered as the bare question is."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q))
    assert len(plain) >= 35
    assert len(kept) >= 0.7 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


def test_the_time_of_day_asked_about_is_a_topic_and_a_greeting_is_not(snapshot):
    """"Phone lines that close in the early afternoon" is about the afternoon; "Good afternoon." and "Morning
    all," greet. A time of day was a stop word, so the case about phones closing at 2pm ranked below a
    helpline closed all summer."""
    from bot.search.normalise import question_words

    assert "afternoon" in question_words("council phones close early afternoon")
    assert "evenings" in question_words("a chatbot for the evenings")
    for greeting in ("Good afternoon. Who", "Morning all, who", "Hi, good evening! Who", "Evening! Who"):
        assert question_words(greeting)[-1:] == ["who"] and not {"afternoon", "morning", "evening"} & set(
            question_words(greeting)), greeting
    first = answer("council phones close early afternoon", snapshot).results[0].case
    assert "2pm" in first.title


def test_how_things_ended_up_names_no_end():
    """"Ended up costing less than expected" says how a project turned out: "end" is a word of cases about
    the end of life or of a contract, and matched them."""
    from bot.search.normalise import question_words

    for said in ("ended up costing less", "people who end up on the streets", "it ends up", "ending up paying"):
        assert not {"end", "ended", "ends", "ending"} & set(question_words(said)), said
    assert "end" in question_words("end of life systems")


@pytest.mark.parametrize("idiom", ["get back on its feet", "bounce back", "get back up and running"])
def test_getting_back_on_its_feet_asks_about_recovery(snapshot, idiom):
    """"How did Copeland council get back on its feet after the ransomware attack?" read "feet" as "fee" and
    was declined: the idiom says recovery, a word every attacked council's case uses. Every council whose
    case recovers from an attack is answered first when named with the idiom."""
    recovering = [case for case in snapshot.kb.cases
                  if "cyber" in case.themes and re.search(r"\brecover", case.title + " " + case.summary, re.I)]
    assert len(recovering) >= 4
    for case in recovering:
        name = case.organisations[0]
        got = answer(f"How did {name} {idiom} after the attack?", snapshot).results
        assert got and got[0].case.id == case.id, (name, idiom)


FILLER = (
    "{q} Sadly it went badly, so hopefully someone has done it properly. Thx!",
    "Tbh we constantly struggle here, so brilliant if anyone can help asap: {q}",
    "{q} Ours is from the nineties, the one before it from the eighties.",  # how old, in decades: no topic
    "{q} It runs to tens of thousands of pounds yearly, no less, for every single one of us.",  # how much
)


@pytest.mark.parametrize(("question", "case_id"), [
    ("Which Scottish council is fitting damp sensors in ten thousand homes?", "west-dunbartonshire-damp-mould-sensors"),
    ("copilot trial across lots of departments", "gds-copilot-cross-government-experiment"),
    ("screening homelessness enquiries", "rushmoor-homelessness-triage-improvement"),
    ("Our councillors are nervous about replacing the finance and HR system after all the horror stories in the "
     "news. Is there a council whose new cloud finance system project finished under what it expected to cost?",
     "swansea-oracle-fusion-erp"),
    ("AI that drafts social work writeups", "edinburgh-magic-notes-social-work-pilot"),  # "write-ups" closed up
    ("Has a government organisation tested Copilot properly, comparing staff who had it with staff who didn't, not "
     "just asking users what they thought?", "dwp-copilot-trial-evaluation"),
    # an event a region names is no region asked: "London" would keep the answer to London's cases
    ("Since the London tower block fire, which council got its address records to gold standard so fire crews can "
     "find every building?", "brighton-hove-gold-address-data"),
    # "done the sums on this" points back to the story, which holds the topic
    ("Almost nobody pays at our cash desks now and each visit costs far more than a phone call. We want to move cash "
     "payments to local shops and the post office. Has a council in Scotland done the sums on this?",
     "west-dunbartonshire-payments-channel-shift"),
    ("pan-London damp sensor trial", "london-boroughs-damp-mould-sensors"),  # "pan" is no topic word
    ("translating letters for families", "swindon-machine-translation"),  # letters are documents to translate
    ("We want software robots for data entry but staff are wary. Has it caused a row anywhere?",
     "west-dunbartonshire-virtual-workers-rpa"),  # a row is a controversy
    ("Which council did away with its tip pass scheme and moved to booking slots?", "west-sussex-hwrc-booking-system"),
    ("people calling about bins not being emptied: who moved that online and checked reports against crew records?",
     "sunderland-waste-channel-shift"),  # bins not being emptied are missed bins
    ("I work for a district council that is being merged into a new unitary next April. How did others bring their "
     "Microsoft 365 setups together?", "north-yorkshire-m365-tenancy-merger"),  # the merger is asked, not framing
    ("training in-house data analysts instead of consultants", "oxfordshire-data-digital-skills-academy"),
    ("Copilot pilot with staff sign-up from every department", "somerset-copilot-discovery"),  # volunteers
    ("hardly anyone pays council tax online", "plymouth-council-tax-automation"),  # low take-up
    ("missed collection bot with progress updates", "west-dunbartonshire-missed-bin-chatbot"),  # progress tracking
    ("council paying software subscriptions for a finance system that hadn't been switched on",
     "cornwall-oracle-cloud-unused-licences"),  # licences before go-live
    ("Did the government chip in towards a hacked council's recovery bill?",
     "redcar-cleveland-ransomware-recovery"),  # what government covered, not councils funding together
    ("Fife staff tech helpers", "fife-staff-digital-champions"),  # digital champions
    ("What is Fife doing about wet walls and black patches in its council houses?", "fife-damp-mould-sensors-pilot"),
    ("We now pay to have our brown bin emptied. Has a council let people sign up and pay for it on its website, and "
     "check whether they get it cheaper?", "wolverhampton-garden-waste-uprn"),  # a reduced price, not a saving
    ("When social workers are worried about a child, do they have to ring GP surgeries for the health background, "
     "or can they look it up?", "black-country-mash-shared-care-record"),  # safeguarding; a shared care record
    ("Has a London council used readings of how wet and warm rooms are to push private landlords of temporary "
     "housing into repairs?", "london-boroughs-damp-mould-sensors"),  # humidity, not warm rooms (warm spaces)
    ("Which councils in Northern Ireland have been working together on cyber security?",
     "ni-councils-cyber-threat-sharing"),
    ("getting permission to take a van of junk to the tip", "newcastle-waste-bot"),  # rubbish; a permit
    ("a waste service other councils can reuse, with grass cuttings sign-up and help getting bins out",
     "rugby-digital-waste-service"),  # garden waste; assisted collections
    ("moving systems off the cloud and back on site", "derby-cloud-repatriation"),
    ("council moved to the cloud so it could vacate the building", "oldham-azure-civic-centre-exit"),
    ("staff kept a day-by-day log of what Copilot helped with", "dbt-copilot-evaluation"),  # a diary study
    ("staff volunteers helping their colleagues with computers", "west-lothian-staff-digital-champions"),
    ("Welsh care IT system that ran late", "wales-wccis-shared-care-record-audit"),  # an information system
    ("someone scrambled our shared drives, has a council been through it?", "copeland-ransomware-recovery"),
    ("council running dozens of websites", "renfrewshire-one-council-one-website"),  # website consolidation
    ("bots applying updates and watching systems for the IT team", "norfolk-county-intelligent-automation"),
    ("council that only answers the phones in the mornings", "west-oxfordshire-reduced-phone-hours"),
    ("AI placing homeless families", "newham-domus-temporary-accommodation-ai"),  # placements
    ("helping frontline workers who aren't techy get comfortable with data", "scotland-local-government-data-literacy"),
    ("covid chatbot freeing call handlers", "cheshire-west-aida-covid-bot"),  # call staff
    ("can I look up when the litter bin in my street will next be emptied?", "newcastle-smart-bin-sensors"),
    ("tenants less happy with repairs and urgent jobs running late", "edinburgh-housing-repairs-damp-sensors"),
    ("damp monitors in every council home that don't use the tenant's own wifi", "west-dunbartonshire-damp-mould-sensors"),
    ("paying for software before go-live", "cornwall-oracle-cloud-unused-licences"),
    ("dumpers traced by car registration", "brighton-hove-fly-tipping-anpr-cameras"),  # number plates
    ("council tax online uptake low", "plymouth-council-tax-automation"),
    ("benefits backlog after restructures", "adur-worthing-revenues-benefits-automation"),
    ("council staff moved onto chasing long-overdue council tax arrears", "kirklees-revenues-digital-recovery"),
    ("our council website is years out of date, full of old pages, and most visitors are on their phones. Who"
     " rebuilt theirs on the open-source platform councils share?", "luton-localgov-drupal-website"),
    ("which council gave every pupil from the top end of primary right through secondary a Google laptop for school"
     " and home, and got rid of many old school PCs?", "highland-schools-chromebooks"),  # Chromebooks, desktops
    ("Did the council in south Wales with a new finance system end up spending less on it than it had expected?",
     "swansea-oracle-fusion-erp"),  # under budget
    ("website rebuilt for accessibility law", "denbighshire-accessible-website"),  # the accessibility regulations
])
def test_everyday_words_for_what_a_case_says_otherwise(snapshot, question, case_id):
    """A count in words is the case's figure ("ten thousand" homes, "more than 10,000" in the title); "lots of
    departments" is a cross-government trial, not one department's; "screening" enquiries is triage; finishing
    "under what it expected to cost" is coming in under budget. Each was answered with a neighbour's case
    first, or declined."""
    got = answer(question, snapshot).results
    assert got and got[0].case.id == case_id


@pytest.mark.parametrize("template", FILLER)
def test_adverbs_and_chat_abbreviations_name_no_topic(snapshot, template):
    """Words of manner, degree and chat ("went badly", "constantly", "tbh", "asap") and of a figure ("tens of
    thousands of pounds") that the base does not use are not a topic it lacks: every question answered bare
    keeps its answer with them around it."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q))
    assert len(plain) >= 35
    assert len(kept) == len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


AROUND_THE_QUESTION = (
    "Apologies if this is a daft question but {q}?",
    "Our budget has been cut again this year. {q}?",
    "Looking for some inspiration for our programme: {q}?",
)


@pytest.mark.parametrize("template", AROUND_THE_QUESTION)
def test_a_clause_around_the_question_weighs_less_than_the_question(snapshot, template):
    """A sentence or clause of its own around the question ("apologies if this is a daft question, but ...")
    that the answering case has nothing of does not count against it as the question's own words do."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q.rstrip("?")))
    assert len(kept) >= 0.55 * len(plain), (len(kept), len(plain))


CLOSINGS = ("Thanks in advance!", "Anything recent would be great.", "Cheers, appreciate any pointers.",
            "Any help gratefully received.", "Any tips?")


@pytest.mark.parametrize("closing", CLOSINGS)
def test_a_closing_courtesy_after_a_need_said_as_a_statement_keeps_its_answer(snapshot, closing):
    """A need written as a statement, not a question ("software robots in a hospital finance team."), then a
    closing courtesy ("Thanks in advance!"): with no clause asking, the need is the last sentence that names
    a topic, not the courtesy after it, so the statement is answered as asked alone."""
    def written(q: str) -> str:
        return q.rstrip("?") + ". " + closing

    plain = [e for e in ANSWERABLE if expected_first(e, answer(written(e.question).split(". ")[0], snapshot))]
    kept = answered_first(plain, snapshot, written)
    assert len(plain) >= 30
    assert len(kept) >= 0.85 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


ASIDES = ("{q} - asking for a friend", "{q}, just curious", "{q} - thanks in advance", "out of interest, {q}",
          "{q} - sorry if this is the wrong channel, the boss wants an answer by Friday")


@pytest.mark.parametrize("aside", ASIDES)
def test_an_aside_after_a_spaced_dash_or_comma_does_not_dilute_the_question(snapshot, aside):
    """What is said beside a question, after a spaced dash or a comma ("... - asking for a friend", "..., just
    curious"), is said around it: a dash with spaces is a clause break, and the customary asides are dropped
    like courtesies, so the question keeps the answer it has alone."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: aside.format(q=q.rstrip("?")))
    assert len(plain) >= 35
    assert len(kept) >= 0.9 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


AROUND = ("Sorry if this has been asked before, {l}", "Apologies if this is the wrong channel, but {l}",
          "This might be a daft question, but {l}", "We're a small district council and {l}",
          "We're a unitary authority. {q}", "Quick one from our digital team: {l}", "{q} TIA",
          "{q} Happy to share what we've got too.", "{q} Keen to learn from others.",
          "{q} Would love to hear from anyone who's done it.", "{q} Any thoughts?", "{q} Feel free to DM me if easier.",
          "Hope everyone's well! {q}", "Not sure if this is the right place but {l}",
          "Asking on behalf of a colleague in revenues: {l}", "{q} Would appreciate any insight.",
          "{q} Does anyone have experience of this?", "(Sorry, long post) {q}", "Cross-posting from another channel: {l}",
          "As a resident, {l}", "I'm new in post and {l}", "Question for the group: {l}",
          "A councillor asked me this today: {l}", "Our chief exec wants to know: {l}",
          "I've been tasked with looking into this. {q}", "{q} Please reply in thread.",
          "{q} Need this by Friday if possible.", "{q} It's for a paper to cabinet next month.")


@pytest.mark.parametrize("around", AROUND)
def test_an_apology_a_self_description_or_an_offer_around_a_question_keeps_its_answer(snapshot, around):
    """What people say around a question in chat (sorry if asked before, a daft question, what kind and size
    of body they are, TIA, happy to share, keen to learn from others, any thoughts, DM me, whose question it
    is, where it was posted, who they are, who asked them, where to reply, by when and what for) is not what
    they ask. Read as topics, "sorry", "channel", "tia", "share",
    "thoughts" or "dm" each cost up to a fifth of the right answers over the tuning files, and "we're a small
    district council" made "small" a topic."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: around.format(q=q, l=q[0].lower() + q[1:]))
    assert len(plain) >= 35
    assert len(kept) >= 0.95 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


WANTED_OF = ("What lessons have councils learnt from {k}?", "Good practice on {k}?", "Where can I find info on {k}?",
             "What can we learn from {k}?", "Would anyone be willing to share their experience of {k}?",
             "Who should I speak to about {k}?", "I'm interested in hearing about {k}", "What's the evidence on {k}?",
             "Any updates on {k}?", "Has anyone got a contact for {k}?", "{k}. Ideas welcome.",
             "Following up on this - {k}?", "{k} - what would suit us best?")


@pytest.mark.parametrize("wanted", WANTED_OF)
def test_what_the_asker_wants_of_a_topic_is_no_topic_itself(snapshot, wanted):
    """"What lessons have councils learnt from X?", "good practice on X?", "who should I speak to about X?",
    "would anyone be willing to share their experience of X?" ask about X: "lessons", "practice", "speak",
    "share" or "experience" counted against the cases about X, and up to two right answers in three were lost
    or declined. Each short keyword question of ours, asked so."""
    keywords = [e for e in ANSWERABLE if len(e.question.split()) <= 5 and e.question.split()[0].lower()
                not in ("has", "is", "what", "which", "who", "how", "are", "does", "did", "can", "any")]
    plain = answered_first(keywords, snapshot)
    kept = answered_first(plain, snapshot, lambda q: wanted.format(k=q.rstrip("?")))
    assert len(plain) >= 10
    assert len(kept) == len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


def test_lessons_learned_as_what_is_reported_stay_the_topic():
    from bot.search.framing import without_framing

    assert "lessons learned" in without_framing("has any council published a report on lessons learned from a hack?")
    assert "lessons" not in without_framing("What lessons have councils learnt from fly-tipping cameras?")


def test_the_body_that_asked_the_asker_is_no_topic():
    """"Our audit committee wants a standard way to judge our cyber defences": who wants to know is not what
    is asked ("audit" led to the auditor's reports); an audit committee asked about stays the topic."""
    from bot.search.framing import without_framing

    assert "audit" not in without_framing("Our audit committee wants a standard way to judge our cyber defences")
    assert "audit committee" in without_framing("Has any council's audit committee reviewed its cyber risk?")


def test_who_the_asker_is_and_what_they_heard_are_no_topic():
    """"I'm an architect working across Northern Ireland ... I gather the councils clubbed together": the
    asker's job and "I gather" say who asks and how they know, not what; gathering data is still a topic."""
    from bot.search.framing import without_framing

    said = without_framing("I'm an architect working across Northern Ireland and used the old planning site. "
                           "I gather the councils clubbed together on a new one.")
    assert "architect" not in said and "gather" not in said and "planning" in said
    assert "gather data" in without_framing("I gather data from sensors: who else does?")


def test_a_body_described_by_more_than_its_size_and_kind_stays_in_the_question():
    """Only the size and kind of the asker's body are taken out: "a stock-holding council" says what the
    question is about (its homes), and the place a body is in stays for the question to narrow by."""
    from bot.search.framing import without_framing

    assert "stock-holding" in without_framing("We're a stock-holding council and gas safety checks worry us.")
    assert "northern ireland" in without_framing("We're a council in Northern Ireland paying for a server room.")
    assert "server room" in without_framing("We're a council in Northern Ireland paying for a server room.")
    assert "small" not in without_framing("We're a small district council and bookings come in by phone.")
    assert "village" in without_framing("I live in a village with hardly any buses. Can I book a minibus?")
    assert "Leeds" not in without_framing("I live in Leeds and wonder who books minibuses by phone.")
    assert "Scotland" in without_framing("I live in Scotland. Is there one login for every council's services?")


STORIES = ("We had a budget meeting yesterday and the finance team are pushing back on everything, so I need"
           " evidence. {q}.",
           "Morning all. I've just started in a new role and my head of service wants a paper by Friday. {q}.")


STORIES_AFTER = ("{q}. We're just starting out and don't want to reinvent the wheel.",
                 "{q}. Our members are keen and the chief executive wants a paper by the summer.",
                 "{q}. I've been asked to look into it before the budget round.")


@pytest.mark.parametrize("story", STORIES_AFTER)
def test_a_need_said_before_the_askers_story_stays_the_need(snapshot, story):
    """The need said first as a statement, then a sentence about the asker ("We're just starting out ..."):
    with no clause asking, a sentence opening in the first person tells the story, so the need is the
    sentence before it, not the last one, and keeps the answer it has alone."""
    plain = [e for e in ANSWERABLE if expected_first(e, answer(e.question.rstrip("?"), snapshot))]
    kept = answered_first(plain, snapshot, lambda q: story.format(q=q.rstrip("?")))
    assert len(plain) >= 35
    assert len(kept) >= 0.8 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


@pytest.mark.parametrize("story", STORIES)
def test_a_short_need_after_a_story_is_the_need(snapshot, story):
    """A story, then the need in a word or two, said, not asked ("... so I need evidence. potholes."): with
    no clause asking, the last sentence with a word the base knows is the need and the story weighs less,
    so the need keeps the answer it has alone."""
    short = [e for e in ANSWERABLE + [e for e in read_expectations(DATA / "questions-tune.yaml") if e.organisations]
             if len(e.question.split()) <= 2]
    plain = answered_first(short, snapshot)
    kept = answered_first(plain, snapshot, lambda q: story.format(q=q.rstrip("?")))
    assert len(plain) >= 20
    assert len(kept) >= 0.75 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


LONG_STORIES = ("Bit of background: we're a two-tier area with a lot of rural villages, and our IT team is tiny. {q}?",
                "Sorry for the long message. Our members have been getting complaints from residents for months and"
                " we need to show we're doing something about it. {q}?")


@pytest.mark.parametrize("story", LONG_STORIES)
def test_a_long_story_before_the_question_does_not_make_it_too_long_to_answer(snapshot, story):
    """A question after a story of a sentence or two keeps its answer: the story's words count in the decision
    at the share they weigh, in its length too, so a long story does not make the question look long and
    vague (the issue's commonest miss: a long conversational question declined though its topic is covered)."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: story.format(q=q.rstrip("?")))
    assert len(kept) >= 0.85 * len(plain), sorted(set(e.question for e in plain) - set(e.question for e in kept))


def test_a_question_after_a_paragraph_of_story_is_read_whole(snapshot):
    """Chat questions run to a paragraph, the question last: a cut at 300 characters read "... Has a group of
    councils already done that research?" as "... done that resear"."""
    story = ("Some context first. I joined the council in the spring after years in the private sector, and I am"
             " still finding my feet. My manager has asked me to pull together examples from other places before"
             " our next meeting, which is in a couple of weeks, and to keep it short because the members are busy"
             " and want something they can read quickly.")
    assert len(story) > 300
    for expectation in ANSWERABLE:
        question = " ".join(expectation.question.split())
        assert answer(f"{story} {question}", snapshot).query.endswith(question)


def test_the_words_of_a_long_story_the_answer_lacks_weigh_less_than_what_is_asked(snapshot):
    """Two long sentences of the asker's situation, then the need as a statement: the story's words the
    answering case lacks count, all together, at most a small share of what is asked (STORY_CAP), so the
    need keeps the answer it has alone nearly always."""
    story = ("our current setup is over ten years old and the contract ends in march so we're going out to"
             " market. {q}")
    tune = [e for e in read_expectations(DATA / "questions-tune.yaml") if e.organisations]
    plain = answered_first(tune, snapshot)
    kept = answered_first(plain, snapshot, lambda q: story.format(q=q.rstrip("?.")))
    assert len(plain) >= 250
    assert len(kept) >= 0.87 * len(plain), (len(kept), len(plain))


ABSENT_TOPICS = ("sonnet", "orchestra", "embroidery", "saxophone", "volcano", "tapestry")
GENERIC = ("system", "online", "case management", "software", "app", "for council staff")


def test_a_topic_the_base_lacks_is_declined_even_with_a_generic_word_it_has(snapshot):
    """Near-domain: one generic phrase shared with some case ("system", "online") never makes an answer."""
    surface = snapshot.index.known_words
    for topic in ABSENT_TOPICS:
        assert topic not in surface and is_english(topic), topic
        for generic in GENERIC:
            for question in (f"{topic} {generic}", f"has any council got a {topic} {generic}?"):
                result = answer(question, snapshot)
                assert not result.answered, (question, [r.case.id for r in result.results])


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """GCIDE's head words: the dictionary of common English (the modern word list also has place names)."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def _name_words(snapshot) -> dict[str, set[str]]:
    """Distinctive words of organisation names (4-7 letters, no dictionary word or its plural), with the
    organisations using them."""
    generic = set(words("council borough district county city london royal metropolitan combined authority"
                        " north south east west upon government"))
    out: dict[str, set[str]] = {}
    for case in snapshot.kb.cases:
        for organisation in case.organisations:
            for word in words(organisation):
                if 4 <= len(word) <= 7 and word not in generic and not {word, word[:-1]} & _dictionary():
                    out.setdefault(word, set()).add(organisation)
    return out


def _swap(word: str) -> str:
    return word[0] + word[2] + word[1] + word[3:]


def test_a_swapped_letter_in_a_short_council_name_is_corrected(snapshot):
    """One slip ("Knet", "Wigna", "Lutn") in a council's name finds that council rather than nothing."""
    surface = snapshot.index.known_words
    tried = corrected = found = 0
    for word, organisations in sorted(_name_words(snapshot).items()):
        typo = _swap(word)
        if typo == word or typo in surface or is_english(typo):
            continue
        tried += 1
        result = answer(f"what has {typo.capitalize()} done?", snapshot)
        corrected += (typo, word) in result.corrections
        found += result.answered and bool(set(result.results[0].case.organisations) & organisations)
    assert tried >= 50
    assert corrected >= 0.95 * tried and found >= 0.9 * tried, (tried, corrected, found)


def test_a_slip_between_two_council_names_is_read_as_the_one_the_topic_supports(snapshot):
    """A dropped letter that leaves a short name equally near two councils ("Suton": Sutton or Luton) is not
    guessed blind, nor dropped: asked with a tag of one council's case that no case of the other has, the
    question is answered from that council."""
    index, kb = snapshot.index, snapshot.kb
    names = _name_words(snapshot)
    tried = right = 0
    for word, organisations in sorted(names.items()):
        for typo in sorted({word[:i] + word[i + 1:] for i in range(1, len(word))}):
            readings = [w for w, _q in index.readings(typo)]
            if word not in readings:
                continue
            others = {o for w in readings if w != word for o in names.get(w, ())}
            theirs = {t.lower() for c in kb.cases if set(c.organisations) & others for t in c.tags}
            ours = [t for c in kb.cases if set(c.organisations) & organisations for t in c.tags
                    if t.lower() not in theirs and not set(words(t)) & set(names)]
            if not ours:
                continue
            tried += 1
            result = answer(f"{typo.capitalize()} {ours[0]}", snapshot)
            right += result.answered and bool(set(result.results[0].case.organisations) & organisations)
    assert tried >= 3
    assert right >= 0.9 * tried, (tried, right)


def test_a_dropped_letter_in_a_four_or_five_letter_name_is_corrected(snapshot):
    for typo, word in (("lutn", "luton"), ("wign", "wigan"), ("derb", "derby"), ("brnt", "brent")):
        if word in snapshot.index.known_words:
            assert snapshot.index.correct(typo) == (word, pytest.approx(snapshot.index.correct(typo)[1])), typo


def test_a_real_word_is_never_corrected_into_another(snapshot):
    """English words the base does not contain stay as asked (and weigh against every case), but for a phrase
    of the vocabulary's groups closed up ("speedup": "speed up"), which is read as the phrase."""
    surface = snapshot.index.known_words
    sample = sorted(w for w in english_words() if 4 <= len(w) <= 9 and w not in surface)[::97]
    sample += [w + "s" for w in sample[:100] if w + "s" not in surface]
    assert len(sample) >= 700
    closed_up = snapshot.index.vocabulary.joined
    wrong = [(w, c) for w in sample if (c := snapshot.index.correct(w)) is not None and closed_up.get(w) != c[0]]
    assert wrong == []


def test_a_nation_or_region_with_a_theme_answers_that_theme_there(snapshot):
    """"<theme> in <region>" is answered by a case of that region about that theme, not just any case there."""
    kb = snapshot.kb
    names = {regions[0]: name for name, regions in REGION_WORDS.items() if len(regions) == 1}
    tried = right = 0
    for theme in kb.themes:
        for region, name in names.items():
            there = [c for c in kb.cases if theme.id in c.themes and region in c.regions]
            if len(there) < 2:
                continue
            tried += 1
            result = answer(f"{theme.label} in {name}", snapshot)
            best = result.results[0].case if result.results else None
            right += best is not None and region in best.regions and theme.id in best.themes
    assert tried >= 20
    assert right >= 0.9 * tried, (tried, right)


def test_every_name_of_a_nation_or_region_asks_for_the_same_cases(snapshot):
    """"<theme> in NI" is "<theme> in Northern Ireland": each way of naming a nation or region (short forms,
    adjectives) gives the answer its full name gives."""
    kb = snapshot.kb
    spellings: dict[str, list[str]] = {}
    for name, regions in REGION_WORDS.items():
        if len(regions) == 1:
            spellings.setdefault(regions[0], []).append(name)
    tried = 0
    for region, names in spellings.items():
        for theme in kb.themes:
            if len(names) < 2 or sum(1 for c in kb.cases if theme.id in c.themes and region in c.regions) < 2:
                continue
            answered = {name: [r.case.id for r in answer(f"{theme.label} in {name}", snapshot).results]
                        for name in names}
            tried += 1
            assert len({tuple(ids) for ids in answered.values()}) == 1, (region, theme.id, answered)
    assert tried >= 20


def test_an_english_region_of_england_asks_for_the_region_s_cases(snapshot):
    """"<theme> in the North East of England" is "<theme> in the North East": England, named after its region,
    narrows nothing further and is no topic word that cases lack."""
    kb = snapshot.kb
    tried = answered = 0
    for name, regions in REGION_WORDS.items():
        if len(regions) != 1 or regions[0] not in ENGLAND or name.endswith("england"):
            continue
        for theme in kb.themes:
            if sum(1 for c in kb.cases if theme.id in c.themes and regions[0] in c.regions) < 2:
                continue
            tried += 1
            plain = [r.case.id for r in answer(f"{theme.label} in the {name}", snapshot).results]
            answered += bool(plain)
            assert [r.case.id for r in answer(f"{theme.label} in the {name} of England", snapshot).results] == plain
    assert tried >= 10 and answered >= 0.8 * tried, (tried, answered)


def test_a_theme_in_england_is_answered_by_english_cases_only(snapshot):
    """"<theme> in England" keeps to England's regions, as "<theme> in Scotland" keeps to Scotland, and finds
    the theme there however few of England's cases say "England"."""
    kb = snapshot.kb
    tried = 0
    for theme in kb.themes:
        english = [c for c in kb.cases if theme.id in c.themes and any(r in ENGLAND for r in c.regions)]
        if len(english) < 2 or all(any(r in ENGLAND for r in c.regions) for c in kb.cases if theme.id in c.themes):
            continue
        tried += 1
        result = answer(f"{theme.label} in England", snapshot)
        assert result.answered, theme.id
        assert all(any(r in ENGLAND for r in shown.case.regions) for shown in result.results), theme.id
    assert tried >= 10


def test_an_income_question_leads_with_a_case_whose_income_answers_it(snapshot):
    """Among the closely matching cases an income question shows (scores within a fifth of the best), one with
    a stated income comes before any without."""
    kb = snapshot.kb
    tried = 0
    for theme in kb.themes:
        for template in ("income from {}", "which councils generated income in {}", "{} income",
                         "who made money from {}", "councils bringing in money from {}",
                         "which council made the most money from {}"):
            result = answer(template.format(theme.label.lower()), snapshot)
            close = [r for r in result.results if result.results and r.score >= 0.8 * result.results[0].score]
            earning = [r for r in close if any(o.money for o in r.case.outcomes_of("income"))]
            if not earning:
                continue
            tried += 1
            best = result.results[0]
            assert best is earning[0], (template, theme.id, best.case.id)
            assert best.outcome is not None and best.outcome.kind == "income"
    assert tried >= 5


@pytest.mark.parametrize("degree", ("the most", "more", "the biggest"))
def test_a_degree_inside_a_money_phrase_keeps_the_phrase_s_outcome_kind(snapshot, degree):
    """"made the most money", "saved more money": a degree said between the verb and "money" of a phrase of
    the income or saving group leaves the phrase whole, so the question asks for that kind of outcome."""
    kinds = {"~income": "income", "~saving": "saving"}
    tried = 0
    for group in snapshot.kb.synonyms:
        kind = kinds.get("~" + "-".join(words(group[0])))
        for phrase in group if kind else ():
            verb, *rest = words(phrase)
            if rest != ["money"]:
                continue
            tried += 1
            question = f"which council {verb} {degree} money from its address data"
            assert read_question(question, snapshot).intent.outcome_kind == kind, (question, kind)
    assert tried >= 6


def test_why_it_matched_names_only_words_of_the_question_found_in_the_case(snapshot):
    """The reasons stay truthful: each names question words and a field where the case has them."""
    for e in ANSWERABLE[:30]:
        result = answer(e.question, snapshot)
        for r in result.results:
            for reason in r.reasons:
                assert reason.words and reason.field
                if reason.field == "regions":
                    assert r.case.regions


def test_everyday_words_of_a_vocabulary_group_find_the_cases_in_the_base_s_words(snapshot):
    """A resident's word ("countryside", "baby", "dictation") reaches cases written in the officer's word of
    its group ("rural", "birth", "transcription"): for every group, each of its phrases alone ranks first a
    case that contains some phrase of that group."""
    index = snapshot.index
    tried = reached = 0
    for group in snapshot.kb.synonyms:
        if index.idf.of(group_concept(group)) is None:
            continue  # a topic no case has ("desk booking"): the group is there so it is read as one, to decline
        stems_of = [tuple(stem(w) for w in words(p)) for p in group]
        for phrase, own in zip(group, stems_of):
            if len(own) == 0 or any(index.idf.get(s) for s in own):
                continue  # only phrases the cases never use: the group is their only way in
            tried += 1
            hits = read_question(phrase, snapshot).hits
            if hits:
                text = " ".join(stem(w) for w in words(" ".join((hits[0].case.title, hits[0].case.summary,
                                                                *hits[0].case.tags, *(o.text for o in hits[0].case.outcomes)))))
                reached += any(" ".join(s) in text for s in stems_of if s)
    assert tried >= 30
    assert reached >= 0.95 * tried, (tried, reached)


def test_every_synonym_group_is_named_by_its_own_first_phrase(snapshot):
    """A phrase in two groups keeps the first group's concept, so a group whose first phrase an earlier,
    broader group also lists ("street lighting" under highways) loses it: the cases saying it give the
    broader concept, and the group's everyday words ("lamp posts") reach almost nothing. Every group's
    first phrase must give the group's own concept, and so must every phrase that shares its stems."""
    vocabulary = snapshot.index.vocabulary
    for group in snapshot.kb.synonyms:
        concept = "~" + "-".join(words(group[0]))
        for phrase in group:
            if tuple(stem(w) for w in words(phrase)) == tuple(stem(w) for w in words(group[0])):
                assert vocabulary.phrases[tuple(stem(w) for w in words(phrase))] == concept, (phrase, group)


def test_a_short_form_of_a_council_s_name_answers_as_the_name_does(snapshot):
    """"Bucks", "Herts", "Notts": a short form of the vocabulary's aliases that stands for a word of an
    organisation's name, asked with a topic of one of its cases, is answered from that organisation, as the
    full name is."""
    tried = kept = 0
    for short, full in snapshot.kb.aliases.items():
        if " " in full or " " in short:
            continue
        cases = [c for c in snapshot.kb.cases if any(full in words(o) for o in c.organisations)]
        for case in cases[:2]:
            question = f"{short} {case.tags[0]}"
            if not expected_first(Expectation(question.replace(short, full), tuple(case.organisations)),
                                  answer(question.replace(short, full), snapshot)):
                continue  # the full name is not answered so either: nothing to keep
            tried += 1
            kept += expected_first(Expectation(question, tuple(case.organisations)), answer(question, snapshot))
    assert tried >= 10
    assert kept == tried, (kept, tried)


def _english_slips(snapshot) -> list[tuple[str, str]]:
    """(slip, name word): one letter of a distinctive organisation name word changed so that it spells an
    English word the base does not use ("Fife" typed "Fief" is a swap; "Kent" typed "Bent" a substitution)."""
    from rapidfuzz.distance import OSA

    from bot.search.index import organisation_names
    from bot.search.spelling import KnownWords

    surface = snapshot.index.known_words
    names = _name_words(snapshot)
    every_name = {w for case in snapshot.kb.cases for name in organisation_names(case) for w in words(name)}
    known = KnownWords({w for w in every_name if not is_english(w)})
    out = []
    for word in sorted(names):
        variants = {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in "abcdefghijklmnopqrstuvwxyz"}
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
        for slip in sorted(variants - {word}):
            if slip in surface or not is_english(slip) or len(slip) < 4:
                continue
            if [w for w in known.near(slip, 1) if OSA.distance(slip, w) <= 1] == [word]:
                out.append((slip, word))
    return out


def test_a_slip_that_spells_an_english_word_is_corrected_when_written_as_a_name(snapshot):
    """A council's name mistyped into a real word ("Fief" for Fife) is read as the name where it is written as
    one (capitalised, or before "council" or "city council"); the same word written as an ordinary word stays
    as asked."""
    slips = _english_slips(snapshot)
    assert len(slips) >= 20
    for slip, word in slips:
        for question in (f"digital projects in {slip.capitalize()}", f"what has {slip} council done?",
                         f"what has {slip} city council done?"):
            assert (slip, word) in answer(question, snapshot).corrections, question
        assert answer(f"what about the {slip} of it", snapshot).corrections == (), slip


def test_a_slip_into_an_english_word_opening_a_question_is_read_as_the_name_only_when_that_answers(snapshot):
    """"Fief digital champions": a capitalised first word may be a name or an ordinary word, so it is read as
    the name only when the question as written cannot be answered and the name's reading can. Typed in lower
    case ("fief digital champions", "Hi all, fief digital champions"), as chat often is, the question is read
    the same way."""
    tried = read = 0
    for slip, word in _english_slips(snapshot):
        if not answer(f"{word.capitalize()} digital projects", snapshot).answered:
            continue
        tried += 1
        result = answer(f"{slip.capitalize()} digital projects", snapshot)
        lower = answer(f"{slip} digital projects", snapshot)
        if lower.answered and not lower.corrections:  # the word as written answers: it is meant
            assert result.corrections == (), slip
        else:
            read += result.answered and (slip, word) in result.corrections
            assert (lower.answered, lower.corrections) == (result.answered, result.corrections), slip
            greeted = answer(f"Hi all, {slip} digital projects", snapshot)
            assert (greeted.answered, greeted.corrections) == (result.answered, result.corrections), slip
    assert tried >= 20 and read >= 0.8 * tried, (tried, read)


def test_a_word_of_today_the_old_dictionary_lacks_is_not_corrected_into_a_base_word(snapshot):
    """GCIDE lacks newer words ("intranet" was read as "internet") and the inflections of its head words
    ("breaching" was read as "reaching", "sending" as "spending"): words of modern text stay as asked, like
    any other real word. (Read with the spacing of the vocabulary's phrase, "nonusers" as "non users", a
    word is still the word asked.)"""
    from english_words import get_english_words_set

    from bot.search.english import modern_words

    head_words = frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))
    surface = snapshot.index.known_words
    newer = sorted(w for w in modern_words().keys() - head_words if 4 <= len(w) <= 9 and w not in surface)
    sample = newer[::20]
    assert len(sample) >= 1000
    read = {w: snapshot.index.correct(w) for w in sample}
    assert [(w, got) for w, got in read.items() if got is not None and got[0].replace(" ", "") != w] == []


def test_an_inflected_english_word_is_corrected_one_slip_away_at_most(snapshot):
    """"routng" may be "routing" (one slip), but a regular inflection of an English word is never read as a
    base word two edits away ("shutting" as "putting", "swapping" as "scrapping")."""
    from rapidfuzz.distance import OSA

    from bot.search.english import inflects

    english = snapshot.index.english
    surface = snapshot.index.known_words
    formed = sorted({head + head[-1] + "ing" if len(head) <= 4 and head[-1] not in "aeiouwxy" else head + "ing"
                     for head in english if 4 <= len(head) <= 7 and head.isalpha()})
    sample = [w for w in formed if len(w) >= 8 and w not in surface and w not in english and inflects(w, english)]
    assert len(sample) >= 1000
    far = [(w, c) for w in sample if (c := snapshot.index.correct(w)) is not None and OSA.distance(w, c[0]) > 1]
    assert far == []


def test_a_slip_in_another_form_of_a_word_the_base_uses_is_read_as_that_form(snapshot):
    """The base says "research", the asker mistypes "researched" ("resarched"): no word of the base is one slip
    from it, but an English form of a base word is, and it is read as that form. Before, nine in ten such slips
    were read as nothing, or as a base word two slips away ("reached"). Each English word of seven letters or
    more that modern text uses often, that the base uses only in another form, with its fourth letter left out."""
    from bot.search.english import uses

    index = snapshot.index
    forms = [w for w in index.english.keys() if 7 <= len(w) <= 12 and w.isalpha() and uses(w, index.english) >= 1000
             and w not in index.known_words and stem(w) in index.idf]
    slips = [(w, w[:3] + w[4:]) for w in sorted(forms)[::3]]
    slips = [(w, slip) for w, slip in slips if slip not in index.known_words and not is_english(slip, known=index.english)]
    read_back = [w for w, slip in slips if (found := index.correct(slip)) is not None and stem(found[0]) == stem(w)]
    assert len(slips) >= 300 and len(read_back) >= 0.8 * len(slips)


def test_a_slip_as_near_two_words_of_the_base_is_read_as_the_one_english_uses_far_more(snapshot):
    """"intrnet" is one slip from both "internet" and "intranet", and as like each: it was read as "intranet",
    the later in the alphabet, and questions about people without the internet went unanswered. English uses
    one ten times as often as the other (COMMONER): that one is read. Each base word of seven to ten letters with
    each inner letter left out, where other base words are as near and as like the slip but each far rarer
    (and none has the slip's letters swapped or is a word of an organisation's name, which are read first)."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    from bot.search.english import uses
    from bot.search.index import COMMONER

    index = snapshot.index
    known = sorted(w for w in index.known_words if w.isalpha())
    contested, misread = [], []
    for word in (w for w in known[::2] if 7 <= len(w) <= 10 and uses(w, index.english) >= 100):
        for slip in {word[:i] + word[i + 1:] for i in range(1, len(word) - 1)}:
            if slip in index.known_words or is_english(slip, known=index.english):
                continue
            near = process.extract(slip, known, scorer=OSA.distance, score_cutoff=1, limit=None)
            if any(sorted(other) == sorted(slip) or other in index._names for other, _d, _i in near):
                continue  # a swap reading wins ("contrats" is "contrast"), then a name's word: see SearchIndex._nearest
            rivals = [other for other, _d, _i in near if other != word and fuzz.ratio(slip, other) >= fuzz.ratio(slip, word)]
            if rivals and all(uses(word, index.english) >= COMMONER * max(1, uses(other, index.english)) for other in rivals):
                contested.append(slip)
                if (index.correct(slip) or ("",))[0] != word:
                    misread.append((slip, word, index.correct(slip)))
    assert len(contested) >= 10 and misread == []


def test_a_misspelt_word_counts_as_read_when_the_question_s_intent_is_read(snapshot):
    """What a question asks for (an outcome kind, an amount, the most of something) is read from its words as
    corrected: "which council found the most extra buisness rates" asks for the most income, as the question
    spelt right does (it was read as asking for no figure, and led with another case). Each word of six
    letters or more of the tuning questions that ask for a figure, with two letters swapped that the bot reads
    back."""
    index = snapshot.index
    questions = [e.question for path in sorted(DATA.glob("questions-*.yaml")) if "heldout" not in path.name
                 for e in read_expectations(path) if e.organisations]
    asking = [(q, intent) for q in questions if (intent := read_question(q, snapshot).intent) != Intent()]
    tried, misread = 0, []
    for question, intent in asking:
        for word in {w for w in re.findall(r"[a-z]{6,}", question) if w[2] != w[3]}:
            slip = word[:2] + word[3] + word[2] + word[4:]
            if slip in index.known_words or is_english(slip, known=index.english) or (index.correct(slip) or ("",))[0] != word:
                continue
            tried += 1
            if read_question(re.sub(rf"\b{word}\b", slip, question, count=1), snapshot).intent != intent:
                misread.append((question, slip))
    assert tried >= 200 and misread == []


ROLES = ("I'm the {service} manager at a district council and {q}", "I work in {service}, so {q}",
         "I lead the {service} team and {q}", "I've got to present to our {service} team on this: {q}",
         "Before I write the {service} briefing, {q}", "before we take this to the {service} board: {q}")


@pytest.mark.parametrize("role", ROLES)
def test_what_the_asker_says_about_their_job_does_not_change_the_answer(snapshot, role):
    """A question that first says who is asking, in the words of another theme of the base ("I'm the waste
    and street scene manager and ..."), is answered as the bare question is."""
    plain = _answered_with_another_topic(snapshot)
    kept = []
    for e, service in plain:
        result = answer(role.format(service=service, q=e.question[0].lower() + e.question[1:]), snapshot)
        if expected_first(e, result):
            kept.append(e.question)
    assert len(plain) >= 35
    assert len(kept) >= 0.9 * len(plain), sorted({e.question for e, _t in plain} - set(kept))


def _answered_with_another_topic(snapshot) -> list[tuple]:
    """The answerable questions answered right as asked, each with the lead word of a theme its answer is
    not in ("waste", not "waste and street scene"): the words an asker's job or story brings in."""
    themes = snapshot.kb.themes
    found = []
    for e in ANSWERABLE:
        result = answer(e.question, snapshot)
        if expected_first(e, result):
            other = [t for t in themes if t.id not in result.results[0].case.themes]
            found.append((e, re.split(r",| and ", other[len(found) % len(other)].label.lower())[0]))
    return found


INFLECTIONS = ("ments", "ment", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s")
"""Endings a word of a phrase may be written with or without ("delays": "delayed", "recruitment": "recruits",
"collection": "collect"); not a final "e", which would make "housing" and "house" one word."""


def without_ending(word: str) -> str:
    return next((word[: -len(e)] for e in INFLECTIONS if word.endswith(e) and len(word) > len(e) + 2), word)


def test_a_topic_word_is_found_where_the_case_says_it_not_where_it_only_shares_a_stem(snapshot):
    """"housing" is not "in-house", "accessibility" not "self-access": where the answer to a vocabulary
    group's head word says it found the word (a case's title, tags or summary), that field has a phrase of
    the group, give or take an inflection of its words ("highway" for "highways", "delayed" for "delays")."""
    fields = {"title": lambda c: c.title, "tags": lambda c: " ".join(c.tags), "summary": lambda c: c.summary}
    checked = 0
    wrong = []
    for group in snapshot.kb.synonyms:
        word = group[0]
        if len(words(word)) != 1:
            continue
        phrases = [" ".join(words(p)) for p in group]
        bare = [" ".join(map(without_ending, words(p))) for p in group]
        for result in answer(word, snapshot).results:
            for reason in result.reasons:
                if reason.words == word and reason.field in fields:
                    said = words(fields[reason.field](result.case))
                    text, text_bare = f" {' '.join(said)} ", f" {' '.join(map(without_ending, said))} "
                    checked += 1
                    if not any(f" {p[:-3] if len(p) > 6 else p}" in text for p in phrases) \
                            and not any(f" {b} " in text_bare for b in bare):
                        wrong.append((word, result.case.id, reason.field))
    assert checked >= 100
    assert wrong == []


@pytest.mark.parametrize("teller", ["A council", "I heard a county council", "A small council in Cumbria",
                                    "One London borough", "I read that a district council", "There was a council that"])
def test_a_council_told_of_in_the_third_person_is_what_is_asked(snapshot, teller):
    """"A council got hit after hackers slipped an email into a supplier's thread. How did it recover?": the
    council told of is the case sought, so its story is asked, where the asker's own story is not."""
    index = snapshot.index

    def asked(question: str) -> set[str]:
        return {u.text for u in parse_question(question, index.vocabulary, index.correct).units if u.asked}

    story = "got its payroll system replaced by a cloud one"
    assert "payroll system" in asked(f"{teller} {story}. How did it recover from the delays?")
    assert "payroll system" not in asked(f"Our council {story}. How did others get on with chatbots?")
    assert "payroll system" not in asked(f"We {story}. How did others get on with chatbots?")


STORIES = ("Our {topic} budget has been cut again this year and the {topic} team is struggling. {q}?",
           "We had a long meeting about {topic} yesterday with the {topic} lead. Anyway, {q}?")


@pytest.mark.parametrize("story", STORIES)
def test_the_askers_story_ranks_below_what_they_ask(snapshot, story):
    """A story told before the question, in the words of another theme of the base ("our parking budget
    has been cut again ..."), does not take the first place from the case that answers the question."""
    from bot.answers import read_question

    plain = _answered_with_another_topic(snapshot)
    kept = []
    for e, topic in plain:
        hits = read_question(story.format(topic=topic, q=e.question.rstrip("?")), snapshot).hits
        if hits and e.matches(hits[0].case.organisations):
            kept.append(e.question)
    assert len(kept) >= 0.75 * len(plain), (len(kept), len(plain))


def test_software_licences_and_licensing_services_are_different_topics(snapshot):
    """A licence is a software seat or a permit the council issues (taxi, premises): each vocabulary group
    of licence phrases, asked one phrase at a time, finds a case saying some phrase of that group, never a
    case of another licence group only because both say "licence"."""
    from bot.answers import read_question

    groups = [g for g in snapshot.kb.synonyms if any("licen" in p for p in g) and any(len(words(p)) > 1 for p in g)
              and snapshot.index.idf.of(group_concept(g)) is not None]  # a topic no case has: nothing to find
    assert len(groups) >= 2
    tried = 0
    for group in groups:
        for phrase in (p for p in group if len(words(p)) > 1):
            hits = read_question(phrase, snapshot).hits
            if not hits:
                continue
            tried += 1
            case = hits[0].case
            text = " ".join(words(" ".join((case.title, case.summary, *case.tags, *(o.text for o in case.outcomes)))))
            assert any(" ".join(words(p)) in text for p in group if len(words(p)) > 1), (phrase, case.id)
    assert tried >= 10


def test_a_council_the_base_does_not_name_is_not_read_as_another_word(snapshot):
    """A council of the register that no case names ("York") is a place, not a slip: asked by its name it
    stays as asked, never read as some word of the base's organisations ("Work" of a government department)
    or as another council."""
    surface = snapshot.index.known_words
    absent = sorted({c.nice_name for c in snapshot.kb.registry.councils
                     if len(words(c.nice_name)) == 1 and words(c.nice_name)[0] not in surface})
    assert len(absent) >= 30
    for name in absent:
        for question in (f"what has {name} done?", f"digital projects in {name}", f"what has {name} council done?"):
            assert answer(question, snapshot).corrections == (), question


OFF_TOPIC_THERE = ("is it going to rain in {place} this weekend", "{place} bus timetable", "cheap hotels in {place}",
                   "property for sale in {place}", "{place} football club fixtures", "train times from {place} to London")


def test_a_place_alone_is_no_topic(snapshot):
    """A question about something else in a place the base has cases of ("cheap hotels in <council>") is
    declined: the place is matched, the topic is not. Asked about the place alone, its cases answer."""
    places = sorted({c.nice_name for case in snapshot.kb.cases for o in case.resolved
                     for c in (o.council,) if c is not None})
    assert len(places) >= 100
    answered = [q for template in OFF_TOPIC_THERE for p in places
                if answer(q := template.format(place=p), snapshot).answered]
    assert len(answered) <= 0.03 * len(places) * len(OFF_TOPIC_THERE), answered
    assert all(answer(f"what has {p} done?", snapshot).answered for p in places)


def test_a_council_named_in_lower_case_after_a_story_is_what_is_asked(snapshot):
    """"i've just joined ... what has wigan done?": typed all in lower case, as chat often is, the council
    asked about is still the question, and the story before it is said around it, as with capitals."""
    places = sorted({c.nice_name for case in snapshot.kb.cases for o in case.resolved
                     for c in (o.council,) if c is not None})
    assert len(places) >= 100
    story = "I've just joined from the private sector and I'm getting up to speed. What has {place} done?"
    unanswered = [p for p in places if not answer(story.format(place=p).lower(), snapshot).answered]
    assert not unanswered, unanswered


@pytest.mark.parametrize("opening", ["In the first lockdown,", "Hi all, in the first lockdown,",
                                     "Morning all, quick one, as a small district,"])
def test_a_question_after_opening_phrases_is_what_is_asked(snapshot, opening):
    """"Hi all, in the first lockdown, how did a council ..., so staff could ring them?": the clause that asks
    after one or more short opening phrases is the question, not only the last clause before the question
    mark."""
    index = snapshot.index
    parsed = parse_question(f"{opening} how did a council find residents living alone, so staff could ring them?",
                            index.vocabulary, index.correct)
    asked = {u.text for u in parsed.units if u.asked}
    assert {"residents", "living"} <= asked, asked


AMERICAN = (("organisation", "organization"), ("digitise", "digitize"), ("prioritised", "prioritized"),
            ("analyse", "analyze"), ("centre", "center"), ("programme", "program"), ("colour", "color"),
            ("licence", "license"), ("government", "govt"), ("department", "dept"))


def test_american_spellings_and_chat_abbreviations_read_as_the_cases_british_words(snapshot):
    """The cases are written in British English; asked "organization", "center", "program" or "govt", the
    bot reads the words they write. "resize" is no "resise"."""
    index = snapshot.index

    def terms(question: str) -> list[tuple[str, ...]]:
        return [tuple(t for t, _q in u.alternatives) for u in parse_question(question, index.vocabulary, index.correct).units]

    for british, other in AMERICAN:
        assert terms(f"the {other} of data") == terms(f"the {british} of data"), other
    assert terms("resize the images") != terms("resise the images")
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: functools.reduce(lambda t, p: t.replace(p[0], p[1]), AMERICAN, q))
    assert len(kept) == len(plain), sorted({e.question for e in plain} - {e.question for e in kept})


def test_a_space_left_out_after_a_sentence_or_clause_is_read_as_typed(snapshot):
    """"... in pairs,which is expensive.Has any council ...": the sentences and clauses are found as though
    spaced, so the asker's story is still told apart from the question; "A&E" and "gov.uk" stay whole."""
    from bot.answers import clean_question

    assert clean_question("in pairs,which is costly.Has anyone done it?Thanks") == \
        "in pairs, which is costly. Has anyone done it? Thanks"
    assert clean_question("A&E, gov.uk, e.g. £1,000 and 3.5m; bins & recycling") == \
        "A&E, gov.uk, e.g. £1,000 and 3.5m; bins and recycling"
    def told(q: str) -> str:
        return f"We tried something similar a few years ago, and it did not go well. People are wary. {q[0].upper()}{q[1:]}"

    spaced = answered_first(ANSWERABLE, snapshot, told)
    assert len(spaced) >= 30
    kept = answered_first(spaced, snapshot, lambda q: told(q).replace(", ", ",").replace(". ", "."))
    assert len(kept) == len(spaced), sorted({e.question for e in spaced} - {e.question for e in kept})


def test_it_typed_in_lower_case_before_its_noun_is_information_technology(snapshot):
    """"our it department", "shared it service": in chat typed in lower case, "it" before a noun of IT's is
    IT, as "IT" is; the pronoun ("has anyone tried it", "made it work") stays a stop word."""
    index = snapshot.index

    def terms(question: str) -> set[str]:
        return {t for u in parse_question(question, index.vocabulary, index.correct).units for t, _q in u.alternatives}

    ict = terms("IT")
    assert ict
    for question in ("our it department's chores", "a shared it service for districts", "an it contract for schools",
                     "who runs their it helpdesk in house"):
        assert ict & terms(question), question
    for question in ("has anyone tried it", "we made it work with staff", "is it worth it", "does it support sso",
                     "what it costs"):
        assert not ict & terms(question), question


def test_a_figure_the_base_does_not_state_does_not_count_against_the_answer(snapshot):
    """A number in the question ("23k", "2041") that no case states is a figure, not a topic the base
    lacks: the question is answered as it is without it."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: q.rstrip("?") + ", we have 23k or so by 2041?")
    assert len(plain) >= 35
    assert len(kept) >= 0.95 * len(plain), sorted({e.question for e in plain} - {e.question for e in kept})


def test_a_theme_asked_by_its_name_is_answered_from_that_theme(snapshot):
    """A theme's name asked alone ("Smart places and IoT") leads with a case of that theme, also where the
    name's words are only the theme's label and its cases say them otherwise ("smart towns")."""
    wrong = [(t.id, result.results[0].case.id if result.results else None) for t in snapshot.kb.themes
             if not ((result := answer(t.label, snapshot)).answered and t.id in result.results[0].case.themes)]
    assert len(snapshot.kb.themes) >= 20
    assert wrong == []


def test_a_prefixed_word_is_its_own_topic(snapshot):
    """"e-recruitment" is not recruitment: a prefixed word the base never uses is a topic it lacks, so the
    plain word's cases do not answer it; one the base uses ("e-learning", "G-Cloud") finds the cases using it."""
    from bot.search.normalise import question_words

    kb = snapshot.kb
    texts = {case.id: " ".join((case.title, case.summary, *case.tags, *(o.text for o in case.outcomes))).lower()
             for case in kb.cases}
    used = sorted({w for text in texts.values() for w in question_words(text) if "-" in w})
    assert len(used) >= 5
    for word in used:
        result = answer(word, snapshot)
        assert result.answered and word in texts[result.results[0].case.id], word
    plain = sorted({w for case in kb.cases for w in words(case.title) if len(w) >= 7 and f"e-{w}" not in used})[::5]
    tried = [w for w in plain if answer(w, snapshot).answered]
    answered = [w for w in tried if answer(f"e-{w}", snapshot).answered]
    assert len(tried) >= 30
    assert answered == []


@pytest.mark.parametrize("ask", ("Has anyone moved them online?", "Any councils done this well?",
                                 "Has a council done both together without things going wrong?"))
def test_a_story_holds_the_topic_when_what_is_asked_has_no_word_of_its_own(snapshot, ask):
    """"Our pest control bookings all come in by phone. Has anyone moved them online?": the asking sentence
    says only "online", so the story's topic is what must be answered, and a topic the base lacks is
    declined rather than answered from the story's other words."""
    surface = snapshot.index.known_words
    for topic in ABSENT_TOPICS:
        assert topic not in surface
        question = f"We're a small district council and our {topic} bookings all come in by phone. {ask}"
        result = answer(question, snapshot)
        assert not result.answered, (question, [r.case.id for r in result.results])


@pytest.mark.parametrize("ask", ("Has a council done both together without things going wrong?",
                                 "Did that go well for anyone, or did things go wrong?"))
def test_an_ask_of_everyday_english_words_is_answered_from_the_story(snapshot, ask):
    """"We're moving our bin crews onto a four-day week and redrawing the rounds. Has a council done both
    together without things going wrong?": what is asked says nothing of a topic ("together", "wrong" are
    rare in the cases but among English's commonest words), so the story is what the case must answer, told
    here in two of each case's own everyday phrases."""
    told = [case for case in snapshot.kb.cases if len(case.everyday) >= 2]
    right = [case.id for case in told
             if (result := answer(f"We're looking at {case.everyday[0]} and {case.everyday[1]} this year. {ask}",
                                  snapshot)).answered and result.results[0].case.id == case.id]
    assert len(told) >= 250
    assert len(right) >= 0.7 * len(told)


def test_a_place_asked_after_a_story_is_answered_from_its_cases(snapshot):
    """"I'm new in post and getting up to speed. What has <council> done?": the story's words are not the
    topic a council's case must cover; the council asked about is."""
    councils = sorted({c.nice_name for case in snapshot.kb.cases for o in case.resolved
                       for c in (o.council,) if c is not None})
    story = "I'm new in post and trying to get up to speed on what other councils have already tried. "
    wrong = []
    for name in councils:
        result = answer(f"{story}What has {name} done?", snapshot)
        if not (result.answered and any(o.council is not None and o.council.nice_name == name
                                        for o in result.results[0].case.resolved)):
            wrong.append(name)
    assert len(councils) >= 100
    assert len(wrong) <= 0.03 * len(councils), wrong


def _body_name_words(kb) -> set[tuple[str, str, str]]:
    """(word, region, case id): an English word of the name of a body (not a council) a case names, which
    the case's own title, keywords and summary never use ("Waste" of Zero Waste Scotland in a case about
    fly-tipping), while another case of its region carries the word in its title or keywords."""
    council_words = {w for council in kb.registry.councils for name in council.names for w in words(name)}
    own = {case.id: set(words(" ".join((case.title, *case.tags, case.summary)))) for case in kb.cases}
    headed = {case.id: set(words(" ".join((case.title, *case.tags)))) for case in kb.cases}
    found = set()
    for case in kb.cases:
        for organisation in case.resolved:
            if organisation.body is None:
                continue
            for word in words(organisation.name):
                if len(word) < 4 or word in council_words or not is_english(word) or word in own[case.id]:
                    continue
                found.update((word, region, case.id) for region in case.regions
                             if any(region in c.regions and word in headed[c.id] for c in kb.cases))
    return found


def test_a_word_only_a_body_s_name_shares_does_not_make_its_case_the_answer(snapshot):
    """"<topic> in <nation>": a case whose only tie to the topic word is the name of a body it names ("waste"
    of Zero Waste Scotland) does not lead over a case of that nation about the topic: a name says who a
    body is, not what the case is about."""
    names = {regions[0]: name for name, regions in REGION_WORDS.items() if len(regions) == 1}
    own = {case.id: set(words(" ".join((case.title, *case.tags, case.summary)))) for case in snapshot.kb.cases}
    asked = {(word, region) for word, region, _id in _body_name_words(snapshot.kb) if region in names}
    led = []
    for word, region in sorted(asked):
        result = answer(f"{word} in {names[region]}", snapshot)
        if result.results and word not in own[result.results[0].case.id]:
            led.append((word, region, result.results[0].case.id))
    assert len(asked) >= 5
    assert len(led) <= 0.2 * len(asked), led


def _case_stems(case) -> set[str]:
    return set(map(stem, words(" ".join((case.title, *case.organisations, *case.tags, *case.technologies,
                                         case.summary, *(o.text for o in case.outcomes))))))


def test_a_topic_no_case_of_the_region_has_is_not_answered_as_if_the_region_were_met(snapshot):
    """"<topic> in <nation>" where no case of that nation says the topic: a case from elsewhere may still be
    the nearest, but the nation it lacks counts as missed, so it is never answered as surely as "<topic>"
    alone is."""
    kb = snapshot.kb
    names = {regions[0]: name for name, regions in REGION_WORDS.items() if len(regions) == 1}
    text = {case.id: _case_stems(case) for case in kb.cases}
    topics = sorted({w for case in kb.cases for tag in case.tags for w in words(tag)
                     if len(w) >= 6 and w not in REGION_WORDS})
    tried = surer = 0
    for region, name in sorted(names.items()):
        there = [case.id for case in kb.cases if region in case.regions]
        for topic in [t for t in topics if not any(stem(t) in text[i] for i in there)][::15]:
            plain = answer(topic, snapshot)
            if not plain.answered:
                continue
            tried += 1
            placed = answer(f"{topic} in {name}", snapshot)
            surer += placed.answered and placed.results[0].score >= plain.results[0].score
    assert tried >= 100
    assert surer == 0, (tried, surer)


@pytest.mark.parametrize("name", sorted({name for name, regions in REGION_WORDS.items() if len(regions) == 1}))
def test_a_region_no_case_of_the_topic_is_in_is_never_read_as_another_word(snapshot, name):
    """The region "<topic> in <nation>" asks for, when no case there has the topic, counts as missed; it is
    never read as a relative word the way an unknown word is ("Wales" as WordNet's "wale", then "board"),
    which would rank cases by that word and say so in why they matched."""
    reading = read_question(f"weather in {name}", snapshot)
    assert not any("read as" in reason.words for hit in list(reading.hits)[:10] for reason in hit.reasons)


def _single_region_names() -> dict[str, str]:
    return {regions[0]: name for name, regions in REGION_WORDS.items() if len(regions) == 1}


def test_a_common_theme_word_with_a_region_is_answered_from_that_region(snapshot):
    """"data in Scotland", "Yorkshire data projects": a theme's word too common to answer alone ("data",
    "online") with a nation or region asks for that region's cases about it, which the filter makes few."""
    kb = snapshot.kb
    tried = right = 0
    for theme in kb.themes:
        for word in [w for w in theme.words if " " not in w and not answer(w, snapshot).answered]:
            for region, name in _single_region_names().items():
                written = [c for c in kb.cases if theme.id in c.themes and region in c.regions
                           and stem(word) in _case_stems(c)]
                if len(written) < 2:
                    continue
                tried += 1
                result = answer(f"{word} in {name}", snapshot)
                right += result.answered and region in result.results[0].case.regions
    assert tried >= 15
    assert right == tried, (tried, right)


def test_a_common_word_that_names_no_theme_is_not_made_a_question_by_a_region(snapshot):
    """"what time is it in Scotland": a word found in many cases that names no theme, declined alone, is
    declined with a region too; the region narrows a topic, it is not one."""
    kb, index = snapshot.kb, snapshot.index
    spread = Counter(w for case in kb.cases for w in set(words(case.summary)))
    common = [w for w, n in spread.items() if n > len(kb.cases) / 12 and len(w) >= 4 and not is_stop_word(w)
              and stem(w) not in index.theme_terms and not answer(w, snapshot).answered]
    asked = [f"{w} in {name}" for w in common for name in _single_region_names().values()]
    assert len(asked) >= 20
    assert not [q for q in asked if answer(q, snapshot).answered]


_ASKS = re.compile(r"(?i)(who|which|what|how|has|have|did|does|is|are)\b")


@pytest.mark.parametrize("lead", ("I'm wondering", "we'd like to know"))
def test_an_indirect_question_asks_as_a_direct_one_does(snapshot, lead):
    """"..., so I'm wondering how other councils ...": a question put indirectly after the asker's story is
    what they ask, as if it ended in "?", and the story (here another case's title) weighs less than it."""
    kb = snapshot.kb
    asked = answered_first([e for e in ANSWERABLE if _ASKS.match(e.question)], snapshot)
    direct = indirect = 0
    for n, e in enumerate(asked):
        story = f"We already did {kb.cases[n * 37 % len(kb.cases)].title.lower()} last year"
        question = e.question.rstrip("?")
        yes_no = "whether " if re.match(r"(?i)(has|have|did|does|is|are)\b", question) else ""
        for text, counted in ((f"{story}. {question}?", "direct"),
                              (f"{story}, so {lead} {yes_no}{question[0].lower()}{question[1:]}", "indirect")):
            result = answer(text, snapshot)
            found = expected_first(e, result)
            direct += found and counted == "direct"
            indirect += found and counted == "indirect"
    assert len(asked) >= 10 and direct >= 3
    assert indirect >= direct, (direct, indirect)


FRAMED = (
    "{q}, and how they dealt with it when it went live?",
    "{q}, and how it turned out once they brought it in?",
    "{q}, and how long it took them to put it in place?",
    "{q}, and how they kept it going?",
    "{q}, and what they needed and how it became part of what they do?",
    "{q}? I looked and it helps to see what others found, showing what they gave it.",
)


@pytest.mark.parametrize("template", FRAMED)
def test_light_verbs_that_frame_a_question_do_not_count_against_its_answer(snapshot, template):
    """"How others dealt with ...", "turned into one", "putting it online": verbs that frame what is asked
    name no topic, so they do not weigh against the case that answers as a word it lacks would."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q.rstrip("?")))
    assert len(plain) >= 35
    assert len(kept) >= 0.7 * len(plain), (len(kept), len(plain))


PARTICLES = ("{q}, giving it away?", "{q}, putting it aside?", "{q}, keeping them apart?")


@pytest.mark.parametrize("template", PARTICLES)
def test_the_particle_of_a_phrasal_verb_names_no_topic(snapshot, template):
    """"giving away", "put aside", "kept apart": the adverb that completes a light verb says no more of the
    topic than "up", "out" or "off" do, so it does not weigh against the answer as a rare word would."""
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q.rstrip("?")))
    assert len(plain) >= 35
    assert len(kept) >= 0.9 * len(plain), (len(kept), len(plain))


def test_what_the_asker_says_they_are_past_does_not_pull_the_answer(snapshot):
    """"..., not just a pilot group": the words after "not just" name what the asker has already or does not
    want (here another case's title), so the answer stays the one the question alone gets."""
    kb = snapshot.kb
    plain = answered_first(ANSWERABLE, snapshot)
    kept = 0
    for n, e in enumerate(plain):
        past = kb.cases[n * 37 % len(kb.cases)].title.lower()
        result = answer(f"{e.question.rstrip('?')}, not just {past}?", snapshot)
        kept += expected_first(e, result)
    assert len(plain) >= 35
    assert kept >= 0.7 * len(plain), (kept, len(plain))


def test_not_just_one_thing_but_another_asks_for_both(snapshot):
    """"Not just X but Y" asks for both: X's words stay in the question."""
    from bot.search.framing import without_framing

    assert "refuse routing" in without_framing("not just refuse routing but also bin sensors")
    kept = without_framing("Copilot for everyone, not just a pilot group, at scale")
    assert "pilot group" not in kept and "Copilot for everyone" in kept and "at scale" in kept


@pytest.mark.parametrize("joiner", ["supporting", "who support", "helping", "working with", "serving"])
def test_what_the_asker_says_their_organisation_does_is_part_of_the_question(joiner):
    """"I work for a charity in Scotland supporting low-income families with no internet at home. Is there a
    scheme ...?": who the asker is goes, the situation of the people they serve stays."""
    from bot.search.framing import without_framing

    kept = without_framing(f"I work for a charity in Fife {joiner} low-income families with no internet at home. "
                           "Is there a scheme for them?")
    assert "charity" not in kept and "low-income families with no internet at home" in kept


AROUND_WITH_UNKNOWN_WORDS = ("Sorry, my sonnet and embroidery club kept me busy, but {q}?",
                             "Forgive the orchestra and saxophone noise here, but {q}?")


@pytest.mark.parametrize("template", AROUND_WITH_UNKNOWN_WORDS)
def test_words_the_base_lacks_around_the_question_count_as_little_as_the_rest_of_it(snapshot, template):
    """Words no case has ("sonnet", "orchestra") in a clause said around the question count as the base lacking
    the topic only for the share that clause weighs, not as if the question asked about them."""
    assert not [w for w in ("sonnet", "embroidery", "orchestra", "saxophone") if w in snapshot.index.known_words]
    plain = answered_first(ANSWERABLE, snapshot)
    kept = answered_first(plain, snapshot, lambda q: template.format(q=q.rstrip("?")))
    assert len(plain) >= 35
    assert len(kept) >= 0.75 * len(plain), (len(kept), len(plain))


def test_a_theme_word_of_several_words_lends_none_of_its_loose_words(snapshot):
    """A theme's word of several words ("digital twin", "my account", "building control") names one thing:
    asked alone, one of its words ("twin", "account") matches a case by what the case says, never by a
    theme it carries (unless the theme's label or a one-word word of it says that word), so "why it
    matched" does not cite a theme for a word the case never uses, and a question about a topic the base
    lacks ("a digital twin of our town") is not answered from the theme."""
    index = snapshot.index
    whole = {t.id: {stem(w) for w in words(t.label)} | {stem(p) for p in t.words if len(words(p)) == 1}
             for t in snapshot.kb.themes}
    loose = {w for t in snapshot.kb.themes for p in t.words if len(words(p)) > 1 for w in words(p)
             if not is_stop_word(w)}
    checked = 0
    for word in sorted(loose):
        units = parse_question(word, index.vocabulary, index.correct).units
        if any(len(u.alternatives) > 1 for u in units):
            continue  # a word of the vocabulary's groups ("call") matches the theme by its concept
        for hit in rank(units, index, limit=None):
            if any(r.field == "themes" and r.words == word for r in hit.reasons):
                assert any(stem(word) in whole[t] for t in hit.case.themes), (word, hit.case.id, hit.case.themes)
            checked += 1
    assert checked >= 100


def test_the_capital_is_read_as_the_city_it_names(snapshot):
    """"<theme> in the capital" is asked about London, "the Welsh capital" and "Scotland's capital" about
    Cardiff and Edinburgh: each is answered as the city's name is, for every theme the city has cases of
    (the word "capital" alone matched a case's capital funding)."""
    kb = snapshot.kb
    cities = {"the capital": "London", "the capital city": "London", "the Welsh capital": "Cardiff",
              "Scotland's capital": "Edinburgh", "Northern Ireland's capital": "Belfast"}
    compared = 0
    for said, city in cities.items():
        for theme in kb.themes:
            if sum(1 for c in kb.cases if theme.id in c.themes and city in " ".join((*c.regions, *c.organisations))) < 2:
                continue
            as_capital = answer(f"{theme.label} in {said}", snapshot)
            as_city = answer(f"{theme.label} in {city}", snapshot)
            assert [r.case.id for r in as_capital.results] == [r.case.id for r in as_city.results], (said, theme.id)
            compared += as_city.answered
    assert compared >= 20


@pytest.mark.parametrize("money", ["programme", "funding", "budget", "costs", "spend", "investment", "grant",
                                   "projects", "schemes", "works"])
def test_capital_money_names_no_city(snapshot, money):
    """"the capital programme", "capital funding": money for building things, no place to filter by."""
    question = f"the capital {money} for our new library"
    assert with_capitals_named(question) == question
    assert not any(r.field == "regions" for result in answer(question, snapshot).results for r in result.reasons)


def test_a_story_the_base_matches_does_not_answer_what_is_asked_after_it(snapshot):
    """A story told in a case's own words, then a question about things the base lacks ("... Any advice on
    sonnets and orchestras?"): the case matches the story, not what is asked, so it is no answer."""
    pairs = list(zip(ABSENT_TOPICS, ABSENT_TOPICS[1:]))[:3]
    answered = [(case.id, a, b) for case in snapshot.kb.cases[::10] for a, b in pairs
                if answer(f"Some background: {case.title}. Any advice on {a}s and {b}s?", snapshot).answered]
    assert len(snapshot.kb.cases[::10]) >= 25
    assert answered == []


def test_a_word_of_seven_letters_is_corrected_one_slip_away_and_one_of_eight_two(snapshot):
    """Two slips in a seven-letter word are too many to guess it; in an eight-letter one they are still the
    word ("azcessqd" is accessed)."""
    index = snapshot.index

    def two_slips(word: str) -> str:
        return word[0] + ("z" if word[1] != "z" else "q") + word[2:-2] + ("q" if word[-2] != "q" else "z") + word[-1]

    def read_back(length: int) -> tuple[int, list[str]]:
        """How many known words of `length` were tried with two slips, and those read back as themselves."""
        tried = [(w, two_slips(w)) for w in sorted(index.known_words) if len(w) == length and w.isalpha()
                 and not is_english(w) and two_slips(w) not in index.known_words and not is_english(two_slips(w))]
        return len(tried), [w for w, typo in tried if (index.correct(typo) or ("",))[0] == w]

    tried, back = read_back(7)  # the base's words no English list has: names, mostly
    assert tried >= 30 and back == []
    tried, back = read_back(8)
    assert tried >= 30 and len(back) >= 0.9 * tried


def _region_themes(snapshot):
    """(place name, region, theme label) for each single-region name and a theme with at least two cases in
    that region and some outside it."""
    kb = snapshot.kb
    found = []
    for name, regions in REGION_WORDS.items():
        if len(regions) != 1:
            continue
        for theme in kb.themes:
            inside = [c for c in kb.cases if theme.id in c.themes and regions[0] in c.regions]
            if len(inside) >= 2 and len(inside) < sum(theme.id in c.themes for c in kb.cases):
                found.append((name, regions[0], theme.label))
                break
    return found


def test_the_place_the_asker_works_in_narrows_what_points_back_to_it(snapshot):
    """"I work for a council in Wales and we're looking at <theme>. Has anyone nearby done this?": the
    asker's place, said in the clause about who they are, is where the question points back to."""
    tried = 0
    for name, region, label in _region_themes(snapshot):
        result = answer(f"I work for a council in {name} and we're looking at {label.lower()}. Has anyone nearby"
                        " done this?", snapshot)
        if result.answered:
            tried += 1
            assert all(region in shown.case.regions for shown in result.results), (name, label)
    assert tried >= 5


@pytest.mark.parametrize("asked", ["Is there a national scheme for it?", "Has the government set up a scheme for it?"])
def test_a_national_scheme_asked_from_a_nation_is_that_nation_s(snapshot, asked):
    """"I work for a charity in Scotland and we're looking at <theme>. Is there a national scheme?" (or "has
    the government set one up?"): for someone in Scotland, Wales or Northern Ireland "national" and "the
    government" point back to their nation; said from an English region they are no narrower than the
    question without the asker."""
    from bot.search.regions import NATIONS

    nations = regions = 0
    for name, region, label in _region_themes(snapshot):
        question = f"we're looking at {label.lower()}. {asked}"
        framed = answer(f"I work for a charity in {name} and {question}", snapshot)
        if region in NATIONS:
            nations += framed.answered
            assert all(region in shown.case.regions for shown in framed.results), (name, label)
        else:
            regions += 1
            assert [r.case.id for r in framed.results] == [r.case.id for r in answer(question, snapshot).results]
    assert nations >= 2 and regions >= 2


def test_a_council_s_place_the_asker_names_points_back_to_its_nation_or_region(snapshot):
    """"I run a charity in Glasgow and we're looking at <theme>. Is there a national scheme up here?": a
    council's place is in a nation (or an English region, for "anyone nearby"), which the question then asks
    about, as it would had the asker named the nation."""
    from bot.search.regions import NATIONS

    tried = 0
    towns = snapshot.index.towns
    for name, region, label in _region_themes(snapshot):
        place = next((c.nice_name for c in snapshot.kb.registry.councils if towns.get(c.nice_name.lower()) == name
                      and not c.abolished and " " not in c.nice_name), None)
        if place is None:
            continue
        pointer = "Is there a national scheme for it?" if region in NATIONS else "Has anyone nearby done this?"
        result = answer(f"I run a small charity in {place} and we're looking at {label.lower()}. {pointer}", snapshot)
        if result.answered:
            tried += 1
            assert all(region in shown.case.regions for shown in result.results), (place, label)
    assert tried >= 4


def test_a_council_s_place_typed_in_lower_case_points_back_to_its_nation(snapshot):
    """"i run a charity in glasgow ... a national scheme up here?": typed all in lower case, a place whose name
    is no common word still says where "here" is; one that is ("reading", "bath") is read as the word."""
    from bot.search.framing import without_framing
    from bot.search.thesaurus import THESAURUS

    towns = snapshot.index.towns
    named = [name for name in towns if name.isalpha() and not THESAURUS.relatives(name)]
    common = [name for name in towns if name.isalpha() and THESAURUS.relatives(name)]
    assert len(named) >= 50 and len(common) >= 5
    question = "I run a small charity in {place} and we want help getting people online. Is there a national scheme up here?"
    for name in named:
        written = question.format(place=name.capitalize())
        assert without_framing(written.lower(), towns) == without_framing(written, towns).lower(), name
    for name in common:
        assert towns[name] not in without_framing(question.format(place=name).lower(), towns), name


def test_the_place_the_asker_works_in_narrows_nothing_said_only_of_who_is_asking(snapshot):
    """"I'm an analyst at a council in London and ...": without a word pointing back to it, the place only
    says who is asking, and the answer is the bare question's."""
    tried = 0
    for name, _region, label in _region_themes(snapshot):
        question = f"we're looking at {label.lower()}. Who has done this?"
        framed = answer(f"I work for a council in {name} and {question}", snapshot)
        assert [r.case.id for r in framed.results] == [r.case.id for r in answer(question, snapshot).results]
        tried += 1
    assert tried >= 5
