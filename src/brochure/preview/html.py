"""Preview: output/preview/index.html, the spreads of the last build in a browser tab that reloads
itself when `build.js` names a newer build (a script tag, so that it works from file:// too)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from brochure.preview.spreads import Spread

POLL_MILLISECONDS = 1000

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ background: #404040; color: #eee; font: 14px/1.4 sans-serif; margin: 1.5em; }}
h1 {{ font-size: 1.2em; font-weight: normal; }}
.spreads {{ display: flex; flex-wrap: wrap; gap: 2em; }}
figure {{ margin: 0; }}
.spread {{ display: flex; }}
.spread img, .spread .empty {{ height: {height}px; width: auto; background: #fff; }}
.spread .empty {{ width: {empty_width}px; background: transparent; }}
.spread img.changed {{ outline: 3px solid #e6003c; outline-offset: -3px; }}
figcaption {{ text-align: center; margin-top: .3em; color: #bbb; }}
</style>
</head>
<body data-build="{build}" data-reloads="0">
<h1>{title} — {summary}</h1>
<div class="spreads">
{spreads}
</div>
<script>
"use strict";
const built = document.body.dataset.build;
const reloads = Number(sessionStorage.getItem("brochure-preview-reloads") || 0);
document.body.dataset.reloads = String(reloads);
window.addEventListener("load", () => {{
  const images = Array.from(document.images);
  document.body.dataset.imagesLoaded = String(images.filter(i => i.complete && i.naturalWidth > 0).length);
  document.body.dataset.imagesBroken = String(images.filter(i => !(i.complete && i.naturalWidth > 0)).length);
}});
function poll() {{
  const probe = document.createElement("script");
  probe.src = "build.js?" + Date.now();
  probe.onload = () => {{
    probe.remove();
    document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
    const latest = window.brochureBuild;
    // reload once per new build: if index.html is still the older one, do not loop
    if (latest && latest !== built && sessionStorage.getItem("brochure-preview-reloaded-for") !== latest) {{
      sessionStorage.setItem("brochure-preview-reloaded-for", latest);
      sessionStorage.setItem("brochure-preview-reloads", String(reloads + 1));
      location.reload();
    }}
  }};
  probe.onerror = () => probe.remove();
  document.head.appendChild(probe);
}}
setInterval(poll, {poll});
</script>
</body>
</html>
"""


def build_script(build: str) -> str:
    """build.js: the one line the page polls."""
    return f"window.brochureBuild = {json.dumps(build)};\n"


def index_page(title: str, build: str, spreads: Sequence[Spread], present: set[int], changed: set[int],
               height: int = 420) -> str:
    """The page: each spread as two images of the page PNGs beside it, changed pages outlined."""
    figures = []
    for spread in spreads:
        sides = []
        for number in (spread.left, spread.right):
            if number and number in present:
                mark = ' class="changed"' if number in changed else ""
                source = f"page-{number:03d}.png?v={build[:12]}"
                sides.append(f'<img src="{source}" alt="page {number}"{mark}>')
            else:
                sides.append('<div class="empty"></div>')
        figures.append(f'<figure><div class="spread">{"".join(sides)}</div>'
                       f"<figcaption>{html.escape(spread.label)}</figcaption></figure>")
    summary = f"{len(present)} pages" + (f", changed: {', '.join(map(str, sorted(changed)))}" if changed else "")
    return PAGE.format(title=html.escape(title), summary=html.escape(summary), build=html.escape(build),
                       spreads="\n".join(figures), height=height, empty_width=round(height * 0.7),
                       poll=POLL_MILLISECONDS)
