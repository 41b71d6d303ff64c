"""The avatar behind every `photo_url`: an SVG with the user's initials on a stable colour."""

from __future__ import annotations

import hashlib
from html import escape

_COLOURS = ("#4eb4f9", "#f57740", "#92F3EC", "#FFD3F2", "#FFE197", "#D6C2FF", "#FFB186", "#7bd389")


def initials(name: str) -> str:
    words = [w for w in name.split() if w]
    letters = "".join(w[0] for w in words[:2]) or "?"
    return letters.upper()


def avatar_svg(name: str) -> str:
    colour = _COLOURS[hashlib.sha1(name.encode()).digest()[0] % len(_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
        f'<rect width="128" height="128" rx="64" fill="{colour}"/>'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="52" fill="#1f2937">{escape(initials(name))}</text></svg>'
    )
