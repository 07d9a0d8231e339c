"""Who may do what, by the PRACTICE_BOT_OPERATORS / CURATORS / ADMINS lists, on their own (the scenarios in
tests/scenarios/test_sector.py show the same rules through Slack). A role must go only to the person named,
in the organisation named, and never to someone the platform did not fully identify."""
from __future__ import annotations

from bot.access import AccessSettings, organisation, person
from bot.settings import Settings
from bot.sharing.reviewer import CURATOR, OPERATOR, ORG_ADMIN

ACCESS = AccessSettings.from_settings(Settings(env={
    "PRACTICE_BOT_OPERATORS": "slack:TLEEDS001:UOPERATOR",
    "PRACTICE_BOT_CURATORS": " slack:TBURY0001:UCURATOR , teams:6F1C-TENANT:AAD-OBJECT-1,slack::UNOORG,teams:bare",
    "PRACTICE_BOT_ADMINS": "slack:TBURY0001:UADMIN,slack:TBURY0001:UCURATOR",
}))


def test_each_list_gives_its_own_role_and_a_person_on_two_lists_both():
    assert ACCESS.roles("slack", "TLEEDS001", "UOPERATOR") == {OPERATOR}
    assert ACCESS.roles("slack", "TBURY0001", "UADMIN") == {ORG_ADMIN}
    assert ACCESS.roles("slack", "TBURY0001", "UCURATOR") == {CURATOR, ORG_ADMIN}
    assert ACCESS.roles("teams", "6f1c-tenant", "aad-object-1") == {CURATOR}, "GUIDs in any case"


def test_the_same_user_id_in_another_organisation_or_platform_has_no_role():
    """Slack user ids are only unique within a workspace: UADMIN of another workspace is someone else."""
    assert ACCESS.roles("slack", "TOTHER001", "UADMIN") == frozenset()
    assert ACCESS.roles("teams", "TBURY0001", "UADMIN") == frozenset()
    assert ACCESS.roles("slack", "TBURY0001", "UADMIN2") == frozenset(), "no prefix matches"
    assert ACCESS.roles("slack", "TBURY0001", "UADMI") == frozenset()


def test_someone_not_fully_identified_has_no_role_even_if_an_entry_looks_like_them():
    """An entry with an empty organisation ("slack::UNOORG") must not give a role to a request that lacks one."""
    assert ACCESS.roles("slack", None, "UNOORG") == frozenset()
    assert ACCESS.roles("slack", "", "UNOORG") == frozenset()
    assert ACCESS.roles("slack", "TBURY0001", None) == frozenset()
    assert ACCESS.roles("slack", "TBURY0001", "") == frozenset()


def test_review_requests_go_to_the_curators_on_that_platform_only():
    assert ACCESS.curators_on("slack") == [("TBURY0001", "UCURATOR")]
    assert ACCESS.curators_on("teams") == [("6F1C-TENANT", "AAD-OBJECT-1")]
    assert ACCESS.curators_on("webex") == []


def test_people_and_organisations_are_spelt_one_way():
    assert person("slack", "T0123", "U0456") == "slack:t0123:u0456"
    assert person("teams", None, None) == "teams::"
    assert organisation("slack", "T0123") == "slack:T0123"
    assert organisation("slack", None) == organisation("slack", "") == ""


def test_no_lists_means_no_roles():
    nobody = AccessSettings.from_settings(Settings(env={}))
    assert nobody.roles("slack", "TBURY0001", "UCURATOR") == frozenset()
    assert nobody.curators_on("slack") == []
