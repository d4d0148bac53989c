"""The Quarto website: rendering `reports/*.qmd` to `_site/`, and the helpers its pages call.

`render` runs a render (Quarto when installed, else the built-in engine built from `project`,
`markdown` and `writers`, styled by `assets/`). The pages call `report` (tables, numbers for
prose, links to sentences), `overview`, `theme_pages` and `source_pages` (the blocks of each page).
"""

from antlens.website.render import RenderReport, render_site

__all__ = ["RenderReport", "render_site"]
