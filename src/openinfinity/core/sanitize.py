"""Rich text (comments, `longtext` values) is HTML: sanitised on the way in, with one set of
rules, so stored text can never carry script into the web app or an API client that renders it.

Plain text is stored exactly as sent ("1 < 2 & 3" stays so); anything that can open a tag, a
comment or a declaration goes through nh3 (Rust ammonia), which keeps formatting tags and drops
scripts, event handlers and `javascript:` links.
"""

from __future__ import annotations

import re

import nh3

# "<" followed by a letter, "/", "!" or "?" is where an HTML parser would start markup.
_MARKUP = re.compile(r"<[A-Za-z/!?]")


def sanitize_html(text: str) -> str:
    if not _MARKUP.search(text) and not nh3.is_html(text):
        return text
    return nh3.clean(text)
