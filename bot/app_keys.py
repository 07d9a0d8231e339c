"""The typed keys under which the one aiohttp application keeps what every route and platform shares."""
from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from .notices import NoticeRouter
from .settings import Settings
from .store import KnowledgeStore

if TYPE_CHECKING:
    from .sharing.desk import SharingDesk

STORE = web.AppKey("store", KnowledgeStore)
SETTINGS = web.AppKey("settings", Settings)
SHARING: web.AppKey[SharingDesk | None] = web.AppKey("sharing")
"""The sharing desk, or None when no database is configured (sharing is then off)."""
NOTICES = web.AppKey("notices", NoticeRouter)
"""Where each platform registers how it reaches its own people, and through which replies' notices go."""
