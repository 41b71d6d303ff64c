"""The demo's image attachment, drawn with Pillow (no binary file in the repository): a launch
banner large enough that the upload path makes a thumbnail of it."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 540


def launch_banner_png() -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "#1d2b53")
    draw = ImageDraw.Draw(image)
    # A vertical gradient, then a few shapes: enough to look like a draft, and to tell apart.
    for y in range(HEIGHT):
        shade = int(40 + 120 * y / HEIGHT)
        draw.line([(0, y), (WIDTH, y)], fill=(29, shade // 2 + 20, shade + 60))
    draw.ellipse([620, 90, 900, 370], fill="#ffd166")
    draw.polygon([(80, 470), (300, 200), (520, 470)], fill="#06d6a0")
    draw.polygon([(360, 470), (560, 260), (760, 470)], fill="#118ab2")
    draw.rectangle([80, 60, 560, 150], fill="#ef476f")
    draw.text((104, 92), "openinfinity 2.0 - launch banner (draft)", fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
