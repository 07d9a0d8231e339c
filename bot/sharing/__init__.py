"""Sharing practice: practitioners submit case studies, admins approve them into the live knowledge base,
and curators see the questions nobody could answer.

Everything here is platform-neutral; the Slack and Teams adapters only collect form fields, say who is
acting and show the results. Modules: `storage` (the database), `submission` (the form and its checks),
`casefile` (a submission as a knowledge base YAML file), `review` (the queue: submit, list pending,
approve, reject), `answered` (the shared record of answered events), `gaps` (unanswered
questions), `export` (YAML files for curators who keep the knowledge base in git).
"""
