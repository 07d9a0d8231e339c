"""Practice Bot: finds UK public-sector digital case studies for people asking in chat or a terminal."""
from .answers import Answer, Result, answer
from .knowledge.loader import load_knowledge
from .store import KnowledgeStore, ReloadReport, Snapshot

__all__ = ["Answer", "KnowledgeStore", "ReloadReport", "Result", "Snapshot", "answer", "load_knowledge"]
