"""Chat commands: parsing keeps questions as questions; admin commands refuse politely and change nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers import Answer
from bot.commands import (
    CaseReply,
    Command,
    ContactReply,
    FeedbackReply,
    HelpReply,
    NotFoundReply,
    NoticeReply,
    RefusalReply,
    ReloadReply,
    SimilarReply,
    StatusReply,
    ThemeReply,
    ThemesReply,
    handle,
    parse,
)
from bot.commands.sharing import read_feedback
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Contact, Theme
from bot.render.text import render_text
from bot.store import KnowledgeStore

from .knowledge.helpers import case_file, copy_knowledge


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Command("help", "")),
        ("help", Command("help", "")),
        ("Themes", Command("themes", "")),
        ("theme", Command("themes", "")),
        ("theme waste", Command("theme", "waste")),
        ("show wigan-in-cab-waste", Command("show", "wigan-in-cab-waste")),
        ("like wigan-in-cab-waste", Command("like", "wigan-in-cab-waste")),
        ("contact", Command("contact", "")),
        ("contacts", Command("contact", "")),
        ("reload", Command("reload", "")),
        ("status of planning appeals", Command("ask", "status of planning appeals")),
        ("contact centre savings", Command("ask", "contact centre savings")),
        ("help with bins", Command("ask", "help with bins")),
        ("show me refuse routing", Command("ask", "show me refuse routing")),
        ("hi", Command("help", "")),
        ("Good morning, Practice Bot!", Command("help", "")),
        ("what can you do?", Command("help", "")),
        ("thanks!", Command("thanks", "")),
        ("who should I contact about this?", Command("contact", "")),
        ("what's Socitm's phone number", Command("contact", "")),
        ("contact centre phone calls", Command("ask", "contact centre phone calls")),
        ("hi-tech bin sensors", Command("ask", "hi-tech bin sensors")),
        ("/themes", Command("themes", "")),  # a slash typed out of habit in Teams or a DM
        ("/show wigan-in-cab-waste", Command("show", "wigan-in-cab-waste")),
        ("SHOW   wigan-in-cab-waste", Command("show", "wigan-in-cab-waste")),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text, reply_type",
    [
        ("help", HelpReply), ("themes", ThemesReply), ("theme waste", ThemeReply), ("theme cyber secruity", ThemeReply),
        ("show wigan-in-cab-waste", CaseReply), ("like wigan-in-cab-waste", SimilarReply), ("contact", ContactReply),
        ("contact wigan-in-cab-waste", ContactReply), ("show nothing-here", NotFoundReply),
        ("theme zzzzqqq", NotFoundReply), ("Wigan bins", Answer),
    ],
)
async def test_every_command_has_a_reply_and_a_text_rendering(text, reply_type, store):
    reply = await handle(text, store, is_admin=False)
    assert isinstance(reply, reply_type)
    assert render_text(reply).strip()


async def test_theme_finds_close_spellings(store):
    reply = await handle("theme cyber secruity", store, is_admin=False)
    assert reply.theme.id == "cyber" and reply.cases


@pytest.mark.parametrize("command", ["reload", "status"])
async def test_admin_commands_are_refused_politely_for_others(command, tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    reply = await handle(command, store, is_admin=False)
    assert isinstance(reply, RefusalReply)
    assert render_text(reply) == (f"Sorry, '{command}' is for Practice Bot admins only, and nothing has been changed. "
                                  "If you think you should be one, ask your workspace admin."), "names what was refused"
    assert store.status.reloads == 0


async def test_admin_reload_and_status(tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    reload = await handle("reload", store, is_admin=True)
    assert isinstance(reload, ReloadReply) and reload.report.ok
    status = await handle("status", store, is_admin=True)
    assert isinstance(status, StatusReply) and status.reloads == 1 and status.cases == len(store.snapshot.kb.cases)
    assert "case studies" in render_text(status)


async def test_help_lists_every_listed_command_from_the_registry_with_the_contact(store):
    from bot.commands import REGISTRY

    reply = await handle("help", store, is_admin=False)
    assert reply.commands[0][0] == "QUESTION"
    assert [how for how, _help in reply.commands[1:]] == [spec.how for spec in REGISTRY.listed()]
    assert "thanks" not in [how for how, _help in reply.commands]
    assert ("theme NAME", "the case studies of one theme, e.g. theme waste") in reply.commands
    assert ("contact [ID]", "who to contact: Socitm, or the route for one case study") in reply.commands
    assert ("show ID", "one case study in full") in reply.commands
    assert reply.contact.email == "enquiries@socitm.net"


async def test_thanks_gets_a_short_reply_that_offers_sharing(store):
    reply = await handle("Thanks!", store, is_admin=False)
    assert reply.message == "You're welcome. If you have done something worth sharing, say 'share'."


async def test_themes_lists_every_theme_with_its_count(store):
    reply = await handle("themes", store, is_admin=False)
    kb = store.snapshot.kb
    assert [(theme.id, count) for theme, count in reply.counts] == [(t.id, len(kb.cases_in_theme(t.id))) for t in kb.themes]


@pytest.mark.parametrize("asked", ["waste", "WASTE", " waste ", "Waste and street scene", "wsate", "refuse", "bins refuse"])
async def test_a_theme_is_found_by_id_label_close_spelling_or_its_words(store, asked):
    reply = await handle(f"theme {asked}", store, is_admin=False)
    assert isinstance(reply, ThemeReply) and reply.theme.id == "waste"
    assert reply.cases == store.snapshot.kb.cases_in_theme("waste")


def test_each_theme_is_found_by_any_two_of_its_words_side_by_side(store):
    """Someone types a couple of the words a theme lists ("bins refuse"): the words are one text to match
    against, so two that stand together in themes.yaml find their theme."""
    kb = store.snapshot.kb
    pairs = [(theme.id, f"{a} {b}") for theme in kb.themes for a, b in zip(theme.words, theme.words[1:])]
    assert len(pairs) >= 100
    missed = [(theme_id, asked) for theme_id, asked in pairs if getattr(kb.theme_named(asked), "id", None) != theme_id]
    assert missed == []


def test_a_theme_named_by_its_label_is_that_theme_even_when_another_mentions_the_label():
    """A label is an exact name: a theme listed earlier whose words contain it (a housing theme inside
    "digital inclusion"'s words) must not win, as it would on spelling alone."""
    themes = (Theme("digital-inclusion", "Digital inclusion", ("housing associations", "libraries")),
              Theme("homes", "Housing", ("repairs", "tenancies")))
    kb = KnowledgeBase(Path("knowledge"), (), themes, (), (), {}, "v")
    assert [kb.theme_named(name) for name in ("Housing", "housing", "HOUSING ")] == [themes[1]] * 3


def test_a_base_without_socitm_among_its_contacts_gives_its_first_contact_as_the_general_one():
    """Another organisation may run the bot with its own contacts.yaml: `contact` with no case then names the
    first of its contacts, never nothing."""
    contacts = (Contact("puddleby-digital", "Puddleby digital team", email="digital@puddleby.example"),
                Contact("puddleby-waste", "Puddleby waste team", email="waste@puddleby.example"))
    kb = KnowledgeBase(Path("knowledge"), (), (), contacts, (), {}, "v")
    assert kb.general_contact == contacts[0]


async def test_an_unknown_theme_lists_the_themes_there_are(store):
    reply = await handle("theme zzzzqqq", store, is_admin=False)
    assert (reply.what, reply.asked) == ("theme", "zzzzqqq")
    assert reply.suggestions == tuple(t.id for t in store.snapshot.kb.themes)


async def test_show_and_contact_of_a_case_give_that_case_and_its_contact(store):
    kb = store.snapshot.kb
    case = kb.case("wigan-in-cab-waste")
    shown = await handle("show Wigan-In-Cab-Waste", store, is_admin=False)
    assert shown.case is case and shown.contact == kb.contact(case.contact)
    contact = await handle("contact wigan-in-cab-waste", store, is_admin=False)
    assert contact.case is case and contact.contact == kb.contact(case.contact)
    general = await handle("contact", store, is_admin=False)
    assert general.case is None and general.contact == kb.general_contact


async def test_a_case_naming_its_own_contact_is_shown_and_answered_with_it_and_others_with_socitm(tmp_path):
    """contacts.yaml may hold more than Socitm: a case's own contact must reach every reply about it, while
    `contact` with no case and other cases still give Socitm."""
    directory = copy_knowledge(tmp_path)
    with (directory / "contacts.yaml").open("a", encoding="utf-8") as file:
        file.write("- id: puddleby-digital\n  name: Puddleby digital team\n  email: digital@puddleby.example\n"
                   "  source: {url: 'https://puddleby.example/contact', title: Contact us}\n")
    wigan = case_file(directory, "wigan-in-cab-waste")
    wigan.write_text(wigan.read_text(encoding="utf-8").replace("contact: socitm", "contact: puddleby-digital"),
                     encoding="utf-8")
    store = KnowledgeStore(directory)
    shown = await handle("show wigan-in-cab-waste", store, is_admin=False)
    contact = await handle("contact wigan-in-cab-waste", store, is_admin=False)
    asked = await handle("Wigan bins", store, is_admin=False)
    assert isinstance(asked, Answer) and asked.best.case.id == "wigan-in-cab-waste"
    assert shown.contact.name == contact.contact.name == asked.best.contact.name == "Puddleby digital team"
    general = await handle("contact", store, is_admin=False)
    other = await handle("contact aberdeen-chatbots-and-rpa", store, is_admin=False)
    assert general.contact.name == other.contact.name == "Socitm (Society of IT Management)"


@pytest.mark.parametrize("command", ["show", "like", "contact"])
async def test_an_unknown_case_id_suggests_the_nearest_ids(store, command):
    reply = await handle(f"{command} wigan-in-cab", store, is_admin=False)
    assert isinstance(reply, NotFoundReply)
    assert (reply.what, reply.asked) == ("case study", "wigan-in-cab")
    assert reply.suggestions[0] == "wigan-in-cab-waste" and len(reply.suggestions) <= 3
    nothing = await handle(f"{command} qqqqzzzzxxxx", store, is_admin=False)
    assert nothing.suggestions == ()


async def test_like_answers_with_the_cases_like_it(store):
    reply = await handle("like wigan-in-cab-waste", store, is_admin=False)
    assert reply.case.id == "wigan-in-cab-waste"
    assert reply.answer.answered and "wigan-in-cab-waste" not in [r.case.id for r in reply.answer.results]


async def test_status_reports_the_live_base_and_the_reload_record(tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    before = await handle("status", store, is_admin=True)
    kb = store.snapshot.kb
    assert (before.version, before.cases, before.themes) == (kb.version, len(kb.cases), len(kb.themes))
    assert (before.last_reload, before.last_error, before.reloads, before.failures) == (None, None, 0, 0)
    assert before.loaded_at == store.snapshot.loaded_at
    await handle("reload", store, is_admin=True)
    after = await handle("status", store, is_admin=True)
    assert after.reloads == 1 and after.last_reload == store.snapshot.loaded_at


async def test_a_question_is_answered_and_counted_for_the_platform(store):
    """The metrics get the platform, the question as read, whether it was answered, and how long answering
    took: a duration within the time the call took (not a clock reading), whatever the machine's speed."""
    import time

    seen = []
    durations = []

    class Recorder:
        def question(self, platform, query, answered, seconds, organisation="(none given)"):
            seen.append((platform, query, answered, organisation))
            durations.append(seconds)

        def reloaded(self, trigger, report):
            pass

    store.observers.append(recorder := Recorder())
    try:
        before = time.perf_counter()
        reply = await handle("Wigan   bins", store, is_admin=False, platform="teams")
        took = time.perf_counter() - before
    finally:
        store.observers.remove(recorder)
    assert isinstance(reply, Answer) and reply.best.case.id == "wigan-in-cab-waste"
    assert seen == [("teams", "Wigan bins", True, "")], "asked from no organisation: counted under none"
    assert 0 <= durations[0] <= took


async def test_the_cli_runs_commands_at_once_and_without_the_admin_check(store):
    from bot.commands import respond

    shown = respond(Command("show", "wigan-in-cab-waste"), store)
    assert isinstance(shown, CaseReply) and shown.case.id == "wigan-in-cab-waste"
    asked = respond(Command("ask", "Wigan bins"), store)
    assert isinstance(asked, Answer) and asked.best.case.id == "wigan-in-cab-waste"
    status = respond(Command("status", ""), store)
    assert isinstance(status, StatusReply)
    with pytest.raises(TypeError, match="'reload' must be awaited"):
        respond(Command("reload", ""), store)


@pytest.mark.parametrize("command", ["share", "review", "gaps", "approve PB-2026-0001", "reject PB-2026-0001 no figures"])
async def test_sharing_commands_without_a_database_say_how_to_share_meanwhile(store, command):
    reply = await handle(command, store, is_admin=True)
    assert reply.message == ("Sharing practice is not set up on this server yet. To share a case study meanwhile, "
                             "contact Socitm (Society of IT Management).")


async def test_feedback_without_a_database_is_thanked_and_says_it_is_not_kept(store):
    """The Helpful / Not helpful buttons still get a thank-you (not the "sharing is not set up" notice, which
    would puzzle someone who only pressed a button), and it says honestly that nothing was recorded."""
    reply = await handle("feedback helpful wigan-in-cab-waste Wigan bins", store, is_admin=False)
    assert isinstance(reply, FeedbackReply)
    assert reply.message == "Thank you. (This server keeps no database, so feedback is not recorded here.)"


@pytest.mark.parametrize("argument, expected", [
    ("helpful wigan-in-cab-waste,scarborough-in-cab-waste-digitisation Wigan   bins",
     ("helpful", ["wigan-in-cab-waste", "scarborough-in-cab-waste-digitisation"], "Wigan bins")),
    ("Unhelpful a,,b Wigan bins", ("unhelpful", ["a", "b"], "Wigan bins")),
    ("unhelpful - drones", ("unhelpful", [], "drones")),
    ("helpful " + ",".join(f"c{i}" for i in range(40)) + " q", ("helpful", [f"c{i}" for i in range(25)], "q")),
    ("helpful", None),
    ("great wigan-in-cab-waste Wigan bins", None),
    ("maybe - drones", None),
], ids=["two-ids", "empty-id-skipped", "no-cases", "ids-capped", "no-ids", "other-verdict", "other-verdict-no-cases"])
def test_what_the_feedback_buttons_send_is_read_or_left_as_a_question(argument, expected):
    """The verdict, the cases shown ("-" when none) and the question; any other shape is not feedback, so
    "feedback great ..." typed by hand is answered as a question rather than stored."""
    assert read_feedback(argument) == expected
    assert (parse(f"feedback {argument}").name == "feedback") == (expected is not None)


async def test_councils_like_mine_on_a_server_without_a_database_asks_which_council(store):
    """No database, so no council is known for anyone: the bot asks rather than guessing or failing."""
    reply = await handle("what have councils like mine done on waste?", store, is_admin=False, platform="slack",
                         user_id="U1")
    assert isinstance(reply, NoticeReply) and reply.message.startswith("To find councils like yours, first say")
