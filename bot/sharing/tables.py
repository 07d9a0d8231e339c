"""The database's tables (SQLAlchemy Core), created on start: what `storage.py` and `loop_storage.py` read
and write. Columns added after the first release are listed in ADDED_COLUMNS, so an older database gains
them on start."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("outcomes", JSON, nullable=False),
    Column("themes", JSON, nullable=False),
    Column("region", String(60), nullable=False),
    Column("evidence_url", String(600), nullable=False),
    Column("contact_name", String(200), nullable=False),
    Column("contact_role", String(200)),
    Column("contact_email", String(200)),
    Column("consent", Boolean, nullable=False),
    Column("submitter_platform", String(20), nullable=False),
    Column("submitter_id", String(200), nullable=False),
    Column("case_id", String(120)),
    Column("submitter_org", String(240)),
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("who", String(240), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
)

answered_events = Table(
    "answered_events", metadata,
    Column("platform", String(20), primary_key=True),
    Column("event_id", String(200), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False, index=True),
)

gaps = Table(
    "gaps", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question", Text, nullable=False),
    Column("platform", String(20), nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False, index=True),
    Column("organisation", String(240)),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("given_at", DateTime(timezone=True), nullable=False, index=True),
    Column("question", Text, nullable=False),
    Column("case_ids", JSON, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("organisation", String(240)),
)
"""Helpful / Not helpful on answers: the question, the cases shown, the verdict, where and when; never who."""

follows = Table(
    "follows", metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(200), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("value", String(200), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

announced_cases = Table(
    "announced_cases", metadata,
    Column("case_id", String(120), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("quiet", Boolean, nullable=False, default=False),
)
"""Every case id the library has had, and when it first appeared: new cases are the ones not in here.
`quiet` rows were recorded when tracking began (the library as it was), so they are not news."""

follow_notices = Table(
    "follow_notices", metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(200), primary_key=True),
    Column("case_id", String(120), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)
"""One row per follower told of a case: the primary key makes 'never twice' hold across instances."""

people = Table(
    "people", metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(200), primary_key=True),
    Column("council_code", String(20), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""The council a person said they are from ('i am from Rugby'), so 'councils like mine' means their peers."""

digests = Table(
    "digests", metadata,
    Column("period", String(40), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)
"""One row per digest period sent: the instance that inserts it posts that period's digest, the others don't."""

introductions = Table(
    "introductions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("asker_platform", String(20), nullable=False),
    Column("asker_id", String(200), nullable=False),
    Column("asker_organisation", String(200)),
    Column("case_id", String(120), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("routed_to", String(20), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("decided_at", DateTime(timezone=True)),
)

approved_cases = Table(
    "approved_cases", metadata,
    Column("case_id", String(120), primary_key=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("approved_at", DateTime(timezone=True), nullable=False),
)
"""The approved cases: the source of truth for practice shared from chat, served by every instance."""

knowledge_generation = Table(
    "knowledge_generation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", Integer, nullable=False),
)
"""One row, counted up by every approval and reload: instances that see it change re-read the knowledge."""

conversation_references = Table(
    "conversation_references", metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(200), primary_key=True),
    Column("reference", JSON, nullable=False),
    Column("personal", Boolean, nullable=False),
    Column("admin", Boolean, nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)
"""Where each person can be written to unasked (Teams' conversation references), for every instance."""

ADDED_COLUMNS = ((submissions, "submitter_org"), (gaps, "organisation"))
"""Columns added after the first release: added to an existing table on start (all nullable)."""
