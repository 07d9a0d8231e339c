"""The bare-framework servers `load.py` measures ours against: the least each framework costs per request.

Each is what a framework's own quick-start would write, served on its own port in its own process so its CPU
can be read from /proc just like our server's:

- `aiohttp`: a fixed reply to any POST (the web server alone);
- `bolt`: a bare slack-bolt `AsyncApp` on the same aiohttp server (`app.web_app()`), acking the slash command
  and doing nothing for an app_mention event (issue 15's floor);
- `bolt-reply`: the same, replying "hello" as a bot must (to the command's response_url, to the mention with
  chat.postMessage), on the app client's pooled HTTP session as ours does: what the framework costs a bot
  that answers, before any answer is worked out;
- `agents`: a bare Microsoft 365 Agents SDK bot (anonymous, like the load test's Teams mode) replying "hello"
  to every message through the Bot Connector.

    python benchmarks/floors.py {aiohttp|bolt|bolt-reply|agents} PORT SLACK_API_URL
"""
from __future__ import annotations

import sys
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.slack_api import BOT_TOKEN, SIGNING_SECRET  # noqa: E402


def aiohttp_app() -> web.Application:
    async def fixed(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{tail:.*}", fixed)
    return app


def bolt_app(slack_api_url: str, reply: bool = False) -> web.Application:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient
    from slack_sdk.webhook.async_client import AsyncWebhookClient

    bolt = AsyncApp(client=AsyncWebClient(token=BOT_TOKEN, base_url=f"{slack_api_url}/api/"),
                    signing_secret=SIGNING_SECRET)

    @bolt.command("/practice")
    async def command(ack, command, client) -> None:
        await ack()
        if reply:
            await AsyncWebhookClient(command["response_url"], session=client.session).send(
                text="hello", response_type="ephemeral")

    @bolt.event("app_mention")
    async def mention(event, client) -> None:
        if reply:
            await client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text="hello")

    app = bolt.web_app(path="/slack/events")
    if reply:
        app.cleanup_ctx.append(lambda _app: _pooled(bolt.client))
    return app


async def _pooled(client):
    """One HTTP session for the app client while the server runs, as slack_sdk's docs advise for a server
    (without one, each call opens its own session and connection)."""
    import aiohttp

    client.session = aiohttp.ClientSession()
    yield
    await client.session.close()


def agents_app() -> web.Application:
    from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
    from microsoft_agents.hosting.core import (
        AgentApplication,
        AgentAuthConfiguration,
        AnonymousTokenProvider,
        ConnectionManager,
        MemoryStorage,
        TurnContext,
        TurnState,
    )

    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    connections = ConnectionManager(provider_factory=lambda _config: AnonymousTokenProvider(),
                                    connections_configurations={"SERVICE_CONNECTION": anonymous})
    agent = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connections,
                                        start_typing_timer=False)
    adapter = CloudAdapter(connection_manager=connections)

    @agent.activity("message")
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await context.send_activity("hello")

    async def messages(request: web.Request):
        return await start_agent_process(request, agent, adapter)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = anonymous
    app.router.add_post("/api/messages", messages)
    return app


def main(kind: str, port: int, slack_api_url: str) -> None:
    apps = {"aiohttp": aiohttp_app, "bolt": lambda: bolt_app(slack_api_url),
            "bolt-reply": lambda: bolt_app(slack_api_url, reply=True), "agents": agents_app}
    web.run_app(apps[kind](), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
