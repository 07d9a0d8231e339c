"""Developer scripts: run from the repository root, never imported by the bot."""
