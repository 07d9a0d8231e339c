"""Practice Bot: finds UK public-sector digital case studies for people asking in chat or a terminal.

The names below are the package's public face, imported when first asked for: importing any part of the
package imports this file first, and the helper that reads case files for a cold load (see
knowledge.parallel_reading) needs only the knowledge modules, not the search engine's 130 ms of imports.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import Answer, Result, answer
    from .knowledge.loader import load_knowledge
    from .store import KnowledgeStore, ReloadReport, Snapshot

_HOMES = {"Answer": ".answers", "Result": ".answers", "answer": ".answers", "load_knowledge": ".knowledge.loader",
          "KnowledgeStore": ".store", "ReloadReport": ".store", "Snapshot": ".store"}

__all__ = ["Answer", "KnowledgeStore", "ReloadReport", "Result", "Snapshot", "answer", "load_knowledge"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
