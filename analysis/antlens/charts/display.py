"""How a chart shows in a report page: interactive HTML (offline vega-embed) and SVG for print.

Cells call `chart_output(chart, name=...)`; its display bundle carries a `text/html` view that
needs no network (the Vega/Vega-Lite/vega-embed bundle from vl-convert is inlined once per page)
and a static `image/svg+xml` for print.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

BUNDLE_ENV = "ANTLENS_VEGA_BUNDLE"  # "page": the renderer puts the vega bundle in the page head


@dataclass(frozen=True)
class ChartOutput:
    """A chart displayed by Jupyter as interactive HTML (offline vega-embed) plus a static SVG."""

    spec: dict[str, Any]
    name: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {
            "text/html": _chart_html(self.spec, self.name),
            "image/svg+xml": _chart_svg(self.spec),
            "text/plain": f"<chart {self.name}>",
        }


def chart_output(chart: Any, *, name: str) -> ChartOutput:
    """Wrap an Altair chart (or a Vega-Lite dict) for display in a report cell.

    Make it the last expression of a cell (or pass it to `display`). `name` becomes the HTML id
    (`antlens-chart-<name>`). The HTML view needs no network: the Vega/Vega-Lite/vega-embed
    bundle comes from vl-convert, inlined once per page (in the page head under the built-in
    engine; with the first chart of the document under Quarto).
    """
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    return ChartOutput(spec=spec, name=name)


def _session_state() -> dict[str, Any]:
    """Per-document state: IPython's user namespace, which Quarto and we `%reset` per page."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    return shell.user_ns if shell is not None else _MODULE_STATE


_MODULE_STATE: dict[str, Any] = {}


def _chart_html(spec: dict[str, Any], name: str) -> str:
    state = _session_state()
    seen = state.setdefault("_antlens_chart_ids", {})
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"
    seen[slug] = seen.get(slug, 0) + 1
    dom_id = f"antlens-chart-{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
    parts = []
    if os.environ.get(BUNDLE_ENV) != "page" and not state.get("_antlens_vega_loaded"):
        state["_antlens_vega_loaded"] = True  # once per document: `%reset` clears it
        parts.append(vega_bundle_script(vega_lite_version(spec)))
    parts.append(
        f'<div id="{dom_id}" class="antlens-chart" data-antlens-chart="{slug}"></div>\n'
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


_PRINT_WIDTH = 720  # pixels: a `width: "container"` chart has no container in print


def _chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_print_spec(spec), vl_version=vega_lite_version(spec))


def _print_spec(spec: Any) -> Any:
    """The spec with every `width: "container"` set to the print width."""
    if isinstance(spec, dict):
        return {
            k: _PRINT_WIDTH if k == "width" and v == "container" else _print_spec(v)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_print_spec(v) for v in spec]
    return spec


def vega_bundle_script(vl_version: str | None = None) -> str:
    """`<script>` with the Vega, Vega-Lite and vega-embed bundle from vl-convert (no network)."""
    js = _vega_bundle(vl_version).replace("</script", "<\\/script")
    return f"<script data-antlens-vega-bundle>\n{js}\n</script>"


@cache
def _vega_bundle(vl_version: str | None) -> str:
    """The bundle takes ~3 s to build, so it is cached on disk per vl-convert version."""
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
