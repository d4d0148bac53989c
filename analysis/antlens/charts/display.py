"""How a chart shows in a page: interactive (vega-embed, offline) on screen, a static SVG in print.

`chart_output(chart, name=..., bundle_src=...)` is what a cell displays. Its only rich output
is `text/markdown`, so that Quarto passes it through as it is (Quarto adds require.js and jQuery
from a CDN to any page with a `text/html` output): a raw HTML block that draws the chart with
vega-embed, and a raw Typst block with the chart as an SVG for print. Each format keeps its own
block. The Vega, Vega-Lite and vega-embed libraries are one file (`vega_bundle`, written into
the site by the render) that the first chart of a page loads from `bundle_src`, a URL relative
to the page.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PRINT_WIDTH = 720  # pixels: a `width: "container"` chart has no container in print
_PAPER_PIXELS = 6.5  # pixels of an SVG per percent of the printed text width


@dataclass(frozen=True)
class ChartOutput:
    """A chart displayed by Jupyter as markdown: interactive HTML and print SVG blocks."""

    spec: dict[str, Any]
    name: str
    bundle_src: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        screen = raw_block(_chart_html(self.spec, self.name, self.bundle_src), "html")
        paper = raw_block(_typst_image(_chart_svg(self.spec)), "typst")
        return {"text/markdown": f"{screen}\n\n{paper}\n", "text/plain": f"<chart {self.name}>"}


def chart_output(chart: Any, *, name: str, bundle_src: str) -> ChartOutput:
    """Wrap an Altair chart (or a Vega-Lite dict) for display in a page cell.

    Make it the last expression of a cell (or pass it to `display`). `name` becomes the HTML id
    (`antlens-chart-<name>`); `bundle_src` is the URL of the Vega bundle file relative to the
    page, loaded once per page (before its first chart).
    """
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    return ChartOutput(spec=spec, name=name, bundle_src=bundle_src)


def raw_block(text: str, format: str) -> str:
    """A pandoc raw block for `format` ("html", "typst"): kept there, dropped elsewhere."""
    return fenced(text, f"{{={format}}}")


def fenced(text: str, info: str) -> str:
    """A fenced block (code, or raw with `{=format}`) whose fence no backtick run inside closes."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _document_state() -> dict[str, Any]:
    """Per-page state: IPython's user namespace, which Quarto and the built-in engine reset."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    return shell.user_ns if shell is not None else _MODULE_STATE


_MODULE_STATE: dict[str, Any] = {}


def _chart_html(spec: dict[str, Any], name: str, bundle_src: str) -> str:
    state = _document_state()
    seen = state.setdefault("_antlens_chart_ids", {})
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"
    seen[slug] = seen.get(slug, 0) + 1
    dom_id = f"antlens-chart-{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
    parts = []
    if not state.get("_antlens_vega_loaded"):
        state["_antlens_vega_loaded"] = True  # once per page: a reset namespace loads it again
        src = bundle_src.replace("&", "&amp;").replace('"', "&quot;")
        parts.append(f'<script src="{src}" data-antlens-vega-bundle></script>')
    parts.append(
        # The box scrolls sideways where the page is narrower than a chart can be drawn whole.
        f'<div class="antlens-chart-box"><div id="{dom_id}" class="antlens-chart"'
        f' data-antlens-chart="{slug}"></div></div>\n'
        f'<script type="application/json" id="{dom_id}-spec">{_safe_json(spec)}</script>\n'
        f"<script>\n(function () {{\n"
        f'  var el = document.getElementById("{dom_id}");\n'
        f'  var spec = JSON.parse(document.getElementById("{dom_id}-spec").textContent);\n'
        f'  vegaEmbed(el, spec, {{actions: false, renderer: "svg"}}).then(function (result) {{\n'
        f"    (window.antlensViews = window.antlensViews || {{}})[el.id] = result.view;\n"
        f"  }}).catch(function (err) {{\n"
        f'    el.textContent = "Chart could not be drawn: " + err;\n'
        f"    console.error(err);\n  }});\n}})();\n</script>"
    )
    return "\n".join(parts)


def _safe_json(value: Any) -> str:
    """JSON for a <script> block: `<`, `>`, `&` escaped so data can never close the tag."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vega_lite_version(spec: dict[str, Any]) -> str | None:
    """The vl-convert Vega-Lite version matching the spec's `$schema` (major.minor), if any."""
    import vl_convert

    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    if not match:
        return None
    wanted = f"{match[1]}.{match[2]}"
    known = vl_convert.get_vegalite_versions()
    if wanted in known:
        return wanted
    same_major = [v for v in known if v.split(".")[0] == match[1]]
    return same_major[-1] if same_major else None


def _chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_print_spec(spec), vl_version=vega_lite_version(spec))


def _typst_image(svg: str) -> str:
    """Typst that places the SVG in the text width (small charts keep their size)."""
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)', svg)
    width = min(100, round(float(match[1]) / _PAPER_PIXELS)) if match else 100
    text = svg.replace("\\", "\\\\").replace('"', '\\"')
    return f'#align(center, image(bytes("{text}"), format: "svg", width: {width}%))'


def _print_spec(spec: Any) -> Any:
    """The spec with every `width: "container"` set to the print width, and without links: on
    paper a mark's relative link would lead nowhere (vl-convert resolves it against its own
    base URL)."""
    if isinstance(spec, dict):
        return {
            k: PRINT_WIDTH if k == "width" and v == "container" else _print_spec(v)
            for k, v in spec.items()
            if not (k == "href" and isinstance(v, dict) and "field" in v)
        }
    if isinstance(spec, list):
        return [_print_spec(v) for v in spec]
    return spec


@cache
def vega_bundle(vl_version: str | None = None) -> str:
    """The Vega, Vega-Lite and vega-embed libraries as one script, from vl-convert (no network).

    It takes ~3 s to build, so it is cached on disk per vl-convert and Vega-Lite version.
    """
    import vl_convert

    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "antlens"
    path = cache_dir / f"vega-bundle-{vl_convert.__version__}-{vl_version or 'latest'}.js"
    if path.exists():
        return path.read_text(encoding="utf-8")
    js = vl_convert.javascript_bundle(vl_version=vl_version)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(js, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs time
    return js
