"""Calling a running server's admin endpoint from the command line (standard library only: the CLI stays
light and needs no event loop)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 30


def request_reload(base_url: str, token: str) -> tuple[bool, str]:
    """POST /admin/reload; returns (ok, the server's summary or the reason it failed)."""
    if not token:
        return False, "no admin token: pass --token or set PRACTICE_BOT_ADMIN_TOKEN"
    request = urllib.request.Request(
        base_url.rstrip("/") + "/admin/reload", method="POST", data=b"",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return True, json.loads(response.read())["summary"]
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read())
        except ValueError:
            body = {}
        return False, f"HTTP {error.code}: {body.get('summary') or body.get('error') or error.reason}"
    except (urllib.error.URLError, OSError) as error:
        return False, f"cannot reach {base_url}: {error}"
