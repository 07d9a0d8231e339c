"""The one base type of everything a command answers with.

Core code returns a Reply; each renderer (text, JSON, Slack Block Kit, Teams Adaptive Cards) dispatches on
its concrete type. Having a base, rather than `Union[..., object]`, lets the type checker see every place
a reply goes.
"""
from __future__ import annotations


class Reply:
    """Base class of every reply dataclass (answers, lists, forms, decisions, notices)."""

    __slots__ = ()
