"""Prometheus metrics for the server: questions, abstentions, answer latency and reloads, by platform.

Each app gets its own registry, so tests can run several servers in one process without clashing, and
the CLI never imports prometheus_client at all. Under `serve --workers N` every worker writes its values to
PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode, set up by the supervisor) and /metrics,
whichever worker answers it, adds up all of them.
"""
from __future__ import annotations

import os

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from .store import KnowledgeStore, ReloadReport

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    """A store observer that counts into its own registry and serves it at GET /metrics."""

    def __init__(self, store: KnowledgeStore):
        self.registry = CollectorRegistry()
        self.questions = Counter("practice_bot_questions", "Questions answered or declined",
                                 ["platform", "result"], registry=self.registry)
        self.latency = Histogram("practice_bot_answer_seconds", "Time to build an answer", ["platform"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.feedback_given = Counter("practice_bot_feedback", "Helpful / Not helpful presses on answers",
                                      ["verdict", "platform"], registry=self.registry)
        self.reloads = Counter("practice_bot_reloads", "Knowledge base reloads", ["trigger", "result"],
                               registry=self.registry)
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_DIR))
        self.cases = Gauge("practice_bot_case_studies", "Case studies in the live knowledge base",
                           registry=self.registry, multiprocess_mode="livemax")
        self.store = store
        if self.multiprocess:
            self.cases.set(len(store.snapshot.kb.cases))  # written to this worker's file, updated on reload
        else:
            self.cases.set_function(lambda: len(store.snapshot.kb.cases))
        store.observers.append(self)

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None:
        self.questions.labels(platform, "answered" if answered else "abstained").inc()
        self.latency.labels(platform).observe(seconds)

    def feedback(self, platform: str, verdict: str) -> None:
        self.feedback_given.labels(verdict, platform).inc()

    def reloaded(self, trigger: str, report: ReloadReport) -> None:
        self.reloads.labels(trigger, "ok" if report.ok else "failed").inc()
        if self.multiprocess:
            self.cases.set(report.cases)

    async def handle(self, request: web.Request) -> web.Response:
        registry = self.registry
        if self.multiprocess:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
