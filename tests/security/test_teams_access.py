"""Who may talk to the Teams endpoint and where replies may go, decided before the SDK sees an activity:
the rules on their own, for every combination the HTTP scenarios (tests/scenarios/test_teams_auth.py) would
take a server start each to show."""
from __future__ import annotations

import pytest

from bot.admin import bearer_token
from bot.platforms.teams_access import (
    ADMINS,
    ALLOWED_TENANTS,
    ANONYMOUS,
    CLIENT_ID,
    CLIENT_SECRET,
    REVIEW_CONVERSATION,
    REVIEW_SERVICE_URL,
    TENANT_ID,
    TeamsSettings,
    refusal,
    tenant_of,
)
from bot.settings import Settings

CREDENTIALS = {CLIENT_ID: "app-id", CLIENT_SECRET: "secret", TENANT_ID: "tenant-a"}
SERVICE = "https://smba.trafficmanager.net/uk/"


def teams(**env: str) -> TeamsSettings:
    return TeamsSettings.from_settings(Settings(env=env))


def activity(service_url: object = SERVICE, tenant: str | None = "tenant-a", *, where: str = "channelData") -> dict:
    found: dict = {"type": "message", "text": "hi", "serviceUrl": service_url}
    if tenant is not None and where == "channelData":
        found["channelData"] = {"tenant": {"id": tenant}}
    if tenant is not None and where == "conversation":
        found["conversation"] = {"id": "a:1", "tenantId": tenant}
    return found


def test_settings_are_read_once_with_lists_trimmed_and_tenants_in_lower_case():
    settings = teams(**CREDENTIALS, **{ADMINS: " aad-1 , aad-2,", ALLOWED_TENANTS: "Tenant-A, TENANT-B",
                                       REVIEW_CONVERSATION: "19:x@thread.tacv2", REVIEW_SERVICE_URL: SERVICE,
                                       "CONNECTIONS__X": "1", "OTHER": "2", ANONYMOUS: "yes"})
    assert settings.admins == frozenset({"aad-1", "aad-2"})
    assert settings.allowed_tenants == frozenset({"tenant-a", "tenant-b"})
    assert (settings.review_conversation, settings.review_service_url) == ("19:x@thread.tacv2", SERVICE)
    assert settings.anonymous and settings.has_credentials
    assert set(settings.sdk_env) == {CLIENT_ID, CLIENT_SECRET, TENANT_ID, "CONNECTIONS__X"}


@pytest.mark.parametrize("env, missing", [
    ({}, [CLIENT_ID, CLIENT_SECRET, TENANT_ID]),
    ({CLIENT_ID: "app-id"}, [CLIENT_SECRET, TENANT_ID]),
    ({CLIENT_ID: "app-id", TENANT_ID: "t"}, [CLIENT_SECRET]),
    (CREDENTIALS, []),
    ({**CREDENTIALS, CLIENT_SECRET: ""}, [CLIENT_SECRET]),
])
def test_missing_names_exactly_the_credentials_not_set(env, missing):
    assert teams(**env).missing() == missing


def test_anonymous_mode_may_start_on_a_bare_local_machine():
    assert teams(**{ANONYMOUS: "1"}).anonymous_refusal(Settings(host="127.0.0.1")) is None
    assert teams(**{ANONYMOUS: "1"}).anonymous_refusal(Settings(host="::1")) is None


@pytest.mark.parametrize("env, host, named", [
    (CREDENTIALS, "127.0.0.1", CLIENT_ID),
    ({ADMINS: "aad-1"}, "127.0.0.1", ADMINS),
    ({REVIEW_CONVERSATION: "19:x"}, "127.0.0.1", REVIEW_CONVERSATION),
    ({REVIEW_SERVICE_URL: SERVICE}, "127.0.0.1", REVIEW_SERVICE_URL),
    ({"DATABASE_URL": "postgresql://x"}, "127.0.0.1", "DATABASE_URL"),
    ({}, "0.0.0.0", "'0.0.0.0'"),
    ({}, "10.1.2.3", "not on loopback"),
])
def test_anonymous_mode_refuses_each_production_setting_by_name(env, host, named):
    settings = Settings(host=host, env={ANONYMOUS: "1", **env})
    reason = teams(**settings.env).anonymous_refusal(settings)
    assert reason is not None and named in reason


def test_every_reason_to_refuse_anonymous_mode_is_given_at_once():
    settings = Settings(host="0.0.0.0", env={ANONYMOUS: "1", ADMINS: "a", "DATABASE_URL": "postgresql://x"})
    reason = teams(**settings.env).anonymous_refusal(settings)
    assert reason == ("TEAMS_ADMIN_IDS is set (anyone could claim an admin's id); DATABASE_URL is set (a shared database); "
                      "the server listens on '0.0.0.0', not on loopback (set HOST=127.0.0.1)")


@pytest.mark.parametrize("service_url", [None, "", 42, ["https://x"]])
def test_an_activity_without_a_service_url_is_refused(service_url):
    assert refusal(teams(**CREDENTIALS), activity(service_url), {"serviceurl": SERVICE}) == "no serviceUrl"
    assert refusal(teams(), activity(service_url), None) == "no serviceUrl"


@pytest.mark.parametrize("vouched", [SERVICE, SERVICE.rstrip("/"), SERVICE.upper(), f"  {SERVICE}  "])
def test_with_credentials_the_vouched_service_url_is_answered_however_it_is_written(vouched):
    assert refusal(teams(**CREDENTIALS), activity(), {"serviceurl": vouched}) is None


@pytest.mark.parametrize("claims", [None, {}, {"serviceurl": None}, {"serviceurl": 7},
                                    {"serviceurl": "https://evil.example/uk/"},
                                    {"serviceurl": SERVICE + "extra"}, {"serviceUrl": SERVICE},
                                    {"serviceurl": SERVICE + "x"}, {"serviceurl": SERVICE + "XX/"}])
def test_with_credentials_any_other_service_url_is_refused(claims):
    assert refusal(teams(**CREDENTIALS), activity(), claims) == "serviceUrl is not the one the token vouches for"


@pytest.mark.parametrize("service_url, answered", [
    ("http://127.0.0.1:3978/", True), ("http://localhost:56150", True), ("http://[::1]:9/", True),
    ("http://127.5.5.5/", True), (SERVICE, False), ("http://10.0.0.1/", False), ("http://localhost.evil.example/", False),
])
def test_without_credentials_only_a_service_url_on_this_machine_is_answered(service_url, answered):
    reason = refusal(teams(), activity(service_url), None)
    assert (reason is None) == answered
    if not answered:
        assert reason == "anonymous mode answers only a serviceUrl on this machine"


@pytest.mark.parametrize("tenant, where, answered", [
    ("tenant-a", "channelData", True), ("TENANT-A", "channelData", True), ("tenant-a", "conversation", True),
    ("tenant-c", "channelData", False), ("tenant-c", "conversation", False), (None, "channelData", False),
])
def test_with_an_allowlist_only_listed_tenants_are_answered(tenant, where, answered):
    settings = teams(**CREDENTIALS, **{ALLOWED_TENANTS: "Tenant-A,tenant-b"})
    reason = refusal(settings, activity(tenant=tenant, where=where), {"serviceurl": SERVICE})
    assert (reason is None) == answered
    if not answered:
        assert reason == "tenant not on the allowlist"


def test_without_an_allowlist_any_tenant_is_answered():
    assert refusal(teams(**CREDENTIALS), activity(tenant="anyone"), {"serviceurl": SERVICE}) is None
    assert refusal(teams(**CREDENTIALS), activity(tenant=None), {"serviceurl": SERVICE}) is None


@pytest.mark.parametrize("found, tenant", [
    ({"channelData": {"tenant": {"id": "t1"}}, "conversation": {"tenantId": "t2"}}, "t1"),
    ({"channelData": {"tenant": {"id": 5}}, "conversation": {"tenantId": "t2"}}, "t2"),
    ({"channelData": {"tenant": "t1"}, "conversation": {"tenantId": "t2"}}, "t2"),
    ({"channelData": "x", "conversation": {"tenantId": "t2"}}, "t2"),
    ({"conversation": {"tenantId": 3}}, None),
    ({"conversation": "t2"}, None),
    ({}, None),
])
def test_the_tenant_is_read_from_channel_data_then_the_conversation(found, tenant):
    assert tenant_of(found) == tenant


@pytest.mark.parametrize("header, token", [
    ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER   abc  ", "abc"), ("  Bearer abc", "abc"),
    ("Bearer", ""), ("Bearer ", ""), ("Basic abc", ""), ("abc", ""), ("", ""), ("Bearerabc", ""),
    ("Token Bearer abc", ""),
])
def test_the_admin_token_is_read_only_from_a_bearer_header(header, token):
    assert bearer_token(header) == token
