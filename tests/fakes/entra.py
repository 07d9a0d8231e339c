"""A stand-in for Microsoft's identity services, so Teams runs with real credentials and real token checks
while no request leaves the machine.

The bot validates incoming Bot Framework tokens with the Agents SDK exactly as in production; only the two
places where the SDK would reach Microsoft over the internet are answered here instead: the signing keys of
the Bot Framework issuer (the SDK's JWKS lookup) and the bot's own outgoing access token (MSAL's client
credentials request). Tokens are minted with a key made for this test session.
"""
from __future__ import annotations

import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWK
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import JwtTokenValidator

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CREDENTIALS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": APP_ID,
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-real-secret",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT,
}
ISSUER = "https://api.botframework.com"
KEY_ID = "practice-bot-test-key"
_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def bot_framework_token(service_url: str, *, audience: str = APP_ID, key=_KEY, kid: str = KEY_ID,
                        lifetime: float = 600) -> str:
    """A token as the Bot Connector sends with an activity: issued by Bot Framework, for our app, vouching
    for the serviceUrl the activity carries."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": audience, "serviceurl": service_url, "nbf": now - 5, "iat": now - 5,
              "exp": now + int(lifetime)}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def other_key():
    """A key the bot does not trust: tokens signed with it must be refused."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def install(monkeypatch) -> None:
    """Answer the SDK's two internet look-ups from here for the rest of the test."""
    public = PyJWK.from_dict({**jwt.algorithms.RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True),
                              "kid": KEY_ID, "alg": "RS256", "use": "sig"})

    async def signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        if header.get("kid") != KEY_ID:
            raise jwt.PyJWKClientError(f"no key {header.get('kid')!r}")
        return public

    async def access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return "fake-outgoing-token"

    monkeypatch.setattr(type(JwtTokenValidator._jwk_client_manager), "get_signing_key", signing_key)
    monkeypatch.setattr(MsalAuth, "get_access_token", access_token)
