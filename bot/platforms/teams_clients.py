"""The Agents SDK's outbound clients, kept for the life of the server instead of built for every turn.

The SDK's own `RestChannelServiceClientFactory` builds, for each turn, a connector client (to reply through
the Bot Connector) and a user-token client (for sign-in, which we never use), each with a new aiohttp
session, so a new connection to the connector for every reply, and each reading the SDK's package metadata
for its User-Agent; the adapter closes both when the turn ends. That was a sixth of a Teams turn's CPU.

`PooledClientFactory` goes to the `CloudAdapter` as its `channel_service_client_factory`, the SDK's
extension point for how clients are made. It keeps one session per service URL (and one for the token
service) and hands every turn a client on it whose `close()` leaves the session open; `close()` on the
factory closes the sessions when the server stops. Tokens are still asked of the connection manager each
turn (MSAL caches them); a new token goes onto the same session. Agentic and Copilot Studio requests, which
this bot does not serve, are left to the SDK's factory.
"""
from __future__ import annotations

import logging

from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import (
    AnonymousTokenProvider,
    ChannelServiceClientFactoryBase,
    ClaimsIdentity,
    Connections,
    ConnectorClientBase,
    RestChannelServiceClientFactory,
    TeamsConnectorClient,
    TurnContext,
    UserTokenClient,
)
from microsoft_agents.hosting.core.authorization import AuthenticationConstants

log = logging.getLogger("practice_bot.teams")

MAX_SERVICE_URLS = 32
"""Teams answers from a few regional service URLs; past this many (never, unless misconfigured), a turn
gets a client of its own, closed after the turn as the SDK does."""
ANONYMOUS = AnonymousTokenProvider()


class _SharedConnector(TeamsConnectorClient):
    """A connector client whose session outlives the turn (the adapter calls close() after each)."""

    async def close(self) -> None:
        pass


class _SharedUserToken(UserTokenClient):
    """The same for the token service's client."""

    async def close(self) -> None:
        pass


class PooledClientFactory(ChannelServiceClientFactoryBase):
    """The SDK's client factory protocol, handing out clients kept per service URL (and per app for tokens)."""

    def __init__(self, connections: Connections):
        self._connections = connections
        self._sdk = RestChannelServiceClientFactory(connections)
        self._connectors: dict[str, tuple[str, _SharedConnector]] = {}
        self._user_tokens: dict[str, tuple[str, _SharedUserToken]] = {}

    async def create_connector_client(self, context: TurnContext | None, claims_identity: ClaimsIdentity,
                                      service_url: str, audience: str, scopes: list[str] | None = None,
                                      use_anonymous: bool = False) -> ConnectorClientBase:
        if not service_url or not audience or (context is not None and _not_ours(context)):
            return await self._sdk.create_connector_client(context, claims_identity, service_url, audience, scopes,
                                                           use_anonymous)
        provider = ANONYMOUS if use_anonymous else \
            self._connections.get_token_provider(claims_identity, service_url)
        token = await provider.get_access_token(audience, scopes or claims_identity.get_token_scope())
        known = self._connectors.get(service_url)
        if known is not None and known[0] == token:
            return known[1]
        if known is None and len(self._connectors) >= MAX_SERVICE_URLS:
            log.warning("Teams: more than %d service URLs; %s gets a connection per turn", MAX_SERVICE_URLS,
                        service_url)
            return TeamsConnectorClient(endpoint=service_url, token=token)
        client = _SharedConnector(endpoint=service_url, token=token, session=known[1].client if known else None)
        self._connectors[service_url] = (token, client)
        return client

    async def create_user_token_client(self, context: TurnContext, claims_identity: ClaimsIdentity,
                                       use_anonymous: bool = False) -> UserTokenClient:
        if _not_ours(context):
            return await self._sdk.create_user_token_client(context, claims_identity, use_anonymous)
        app_id = claims_identity.get_app_id() or ""
        endpoint = AuthenticationConstants.AGENTS_SDK_OAUTH_URL
        token = ""
        if not use_anonymous:
            provider = self._connections.get_token_provider(claims_identity, endpoint)
            token = await provider.get_access_token(AuthenticationConstants.AGENTS_SDK_SCOPE,
                                                    claims_identity.get_token_scope())
        known = self._user_tokens.get(app_id)
        if known is not None and known[0] == token:
            return known[1]
        client = _SharedUserToken(app_id=app_id, endpoint=endpoint, token=token,
                                  session=known[1].client if known else None)
        self._user_tokens[app_id] = (token, client)
        return client

    async def close(self) -> None:
        """Close every kept session (at shutdown, after the last turn)."""
        kept = [client for _, client in self._connectors.values()] + [client for _, client in self._user_tokens.values()]
        self._connectors.clear()
        self._user_tokens.clear()
        for client in kept:
            await client.client.close()


def _not_ours(context: TurnContext) -> bool:
    """An agentic request, or one from Copilot Studio: clients the SDK's factory makes differently."""
    activity = context.activity
    return activity.is_agentic_request() or bool(activity.recipient and activity.recipient.role == RoleTypes.connector_user)
