"""Taking out what a question says about the asker, so that what remains is what they ask about.

Chatty questions introduce the asker first: "I'm a data analyst at a London borough and we want to predict
which residents will end up homeless", "I lead customer services and we still take cash". The asker's role
("data analyst", "customer services") is not the topic, but as words of the question it pulls towards the
cases about it and counts against the case that answers. Clauses that only say who is asking (a job title,
the service they work in) and to whom they will report are removed before the question is read; a clause
that goes on to say what they do ("I'm the lead on our Copilot rollout") is kept.
"""
from __future__ import annotations

import re

_END = r"(?=\s+(?:and|so|but|which|where|because)\b|\s*[,.;:!?]|\s*$)"
"""Where a clause about the asker stops: at a joining word or a punctuation mark."""
_WORDS = r"(?:[\w'’-]+ ){0,4}?"
ROLE_NOUNS = (
    "officer manager analyst lead leader head person director developer architect consultant adviser advisor"
    " worker planner engineer specialist coordinator member councillor owner designer researcher apprentice"
    " administrator clerk assistant supervisor inspector volunteer executive"
).split()
_ROLE = r"(?:" + "|".join(ROLE_NOUNS) + r")s?"
FRAMING = re.compile(
    r"\bi(?:['’]?m| am) (?:a|an|the|one of the) " + _WORDS + _ROLE + r"\b(?: (?:at|in|within) [^,.;:!?]*?)?" + _END
    + r"|\bi (?:work|am working) (?:in|for|at|within) [^,.;:!?]*?" + _END
    + r"|\bi (?:lead|manage|run|head up|look after|oversee) (?:the |our |a )?" + _WORDS
    + r"(?:services?|team|department|directorate|function)\b" + _END
    + r"|\b(?:present|report|talk|speak|write a paper|brief) to (?:our|the|my) [^,.;:!?]*?(?= (?:on|about)\b)",
    re.IGNORECASE,
)
""""I'm a/an/the <job> [at/in <place>]", "I work in/for <service or place>", "I lead/manage <a service or
team>", and whom the asker will tell ("present to our leadership team" on ...)."""


NOT_ASKED = re.compile(r"\bnot just\b(?![^,.;:!?]*\bbut\b)[^,.;:!?]*", re.IGNORECASE)
""""Copilot for everyone, not just a pilot group": what the asker says they are past, up to the next
punctuation mark. Its words would otherwise pull towards the cases about exactly that (the pilot). "Not
just X but Y" asks for both, and "instead of" names the change ("one inspector instead of two"): both stay."""


def without_framing(question: str) -> str:
    """The question without the clauses about the asker and what they say they are past."""
    return NOT_ASKED.sub(" ", FRAMING.sub(" ", question))
