"""The served entry: app.py behind one small ASGI middleware (Streamlit 1.67's st.App).

    streamlit run serve.py     # what `make run` does

Why: Streamlit answers every unknown path with its index.html, whose assets are relative ("./static/js/…"), so a
nested path such as /matrix/extra asks for /matrix/static/js/… and gets the HTML again: the tab stays blank for
ever. A nested path that is no Streamlit route is redirected to its first segment (a page, or Streamlit's own
"page not found" for an unknown one), the query string kept.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse

# First path segments Streamlit serves below (its API, assets, components, media, app static files, auth).
STREAMLIT_PREFIXES = frozenset({"_stcore", "static", "component", "media", "app", "auth", "oauth2callback"})


def flat_path(path: str) -> str | None:
    """Where a nested path with no Streamlit route in it should go ("/matrix/extra" → "/matrix"); None to serve it."""
    parts = [p for p in path.split("/") if p]
    # the frontend probes <page>/_stcore/health and expects Streamlit's 404 before trying the root
    if len(parts) < 2 or STREAMLIT_PREFIXES.intersection(parts):
        return None
    return "/" + parts[0]


class FlattenNestedPaths:
    """ASGI middleware: GET/HEAD of a nested non-Streamlit path answers 302 to its first segment."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            target = flat_path(scope.get("path", ""))
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                await RedirectResponse(target + (f"?{query}" if query else ""), status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App("app.py", middleware=[Middleware(FlattenNestedPaths)])
