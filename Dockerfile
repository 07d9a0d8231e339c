# Practice Bot: one image for every replica. Knowledge files come from git (baked in); approved practice,
# installations, submissions and gaps live in the database (DATABASE_URL), so a replica keeps nothing that
# matters on its own disk.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .
COPY knowledge ./knowledge
COPY slack ./slack
COPY teams ./teams
RUN useradd --system --home /app practicebot && chown -R practicebot /app
USER practicebot
ENV HOST=0.0.0.0 PORT=3000 PRACTICE_BOT_KNOWLEDGE=/app/knowledge LOG_FORMAT=json
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/readyz', timeout=2)"
# PRACTICE_BOT_WORKERS=N runs N processes per container (SO_REUSEPORT); one per container is the default.
CMD ["practice-bot", "serve"]
