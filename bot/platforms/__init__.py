"""The chat platforms the server can mount. Each module offers `mount(app, store, settings) -> bool`:
add its routes to the one aiohttp app when its settings are present, and say whether it did.

A new platform is one new module here plus its entry in PLATFORMS; nothing else changes.
"""
from __future__ import annotations

PLATFORMS: tuple[str, ...] = ("slack", "teams")
"""Module names under bot.platforms, imported only by the server so the CLI stays light."""
