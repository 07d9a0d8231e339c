"""The three role lists are read from the settings when the service starts (the lists in
tests/security/test_access.py are read once, at import; these are read inside each test)."""
from __future__ import annotations

from bot.access import AccessSettings
from bot.settings import Settings
from bot.sharing.reviewer import CURATOR, OPERATOR, ORG_ADMIN


def test_each_setting_fills_its_own_list():
    access = AccessSettings.from_settings(Settings(env={
        "PRACTICE_BOT_OPERATORS": "slack:T1:UOP", "PRACTICE_BOT_CURATORS": "slack:T1:UCUR",
        "PRACTICE_BOT_ADMINS": "slack:T1:UADM, teams:tenant:object"}))
    assert access == AccessSettings(frozenset({"slack:T1:UOP"}), frozenset({"slack:T1:UCUR"}),
                                    frozenset({"slack:T1:UADM", "teams:tenant:object"}))
    assert access.roles("slack", "T1", "UADM") == {ORG_ADMIN}
    assert access.roles("slack", "T1", "UOP") == {OPERATOR}
    assert access.roles("slack", "T1", "UCUR") == {CURATOR}
    assert access.roles("teams", "TENANT", "OBJECT") == {ORG_ADMIN}
