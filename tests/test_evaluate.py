"""The evaluation matches a question's expected organisations as the base reads names."""
from __future__ import annotations

from bot.evaluate import Expectation


def test_whitespace_in_a_name_is_compared_collapsed():
    """The register's official "North Somerset  Council" has two spaces; a loaded case's name has one."""
    assert Expectation("q", ("North Somerset  Council",)).matches(("North Somerset Council",))
    assert Expectation("q", ("north somerset council",)).matches(("Bath | North  Somerset\tCouncil",))


def test_another_name_does_not_match():
    assert not Expectation("q", ("North Somerset Council",)).matches(("Somerset Council", "North Council"))
