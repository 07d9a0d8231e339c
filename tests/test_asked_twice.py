"""A word said both in the asker's story and in what they ask is asked: the question's units are one per
word, and the one kept must not be the story's (whose words count for less when the best case lacks them)."""
from __future__ import annotations

from bot.answers import read_question


def test_a_word_said_in_the_story_and_in_the_ask_is_asked(snapshot):
    units = read_question("We now have far fewer hovercraft than wardens. Who lends hovercraft to residents?",
                          snapshot).parsed.units
    hovercraft = [u for u in units if u.text == "hovercraft"]
    assert len(hovercraft) == 1
    assert hovercraft[0].asked


def test_a_word_said_only_in_the_story_is_not_asked(snapshot):
    units = {u.text: u for u in read_question("We now have far fewer hovercraft than wardens. Who lends boats to "
                                              "residents?", snapshot).parsed.units}
    assert not units["hovercraft"].asked
    assert units["boats"].asked
