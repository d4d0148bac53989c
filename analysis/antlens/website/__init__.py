"""The Quarto website: rendering `reports/*.qmd` to `_site/`, and the helpers its pages call.

`render` runs a render (Quarto when installed, else the built-in engine built from `project`,
`markdown` and `writers`, styled by `assets/`), and `publish` adds what a site needs beyond its
pages. The pages read the pipeline's tables through `tables` (the website's one door to the
pipeline), link through `urls` (the site's URL scheme), build HTML with `markup`, show charts
from `antlens.charts` with `figures`, and take their blocks from `overview`, `theme_pages` and
`source_pages`.
"""

from antlens.website.render import RenderReport, render_site

__all__ = ["RenderReport", "render_site"]
