-- Rewrite relative links to .qmd pages into links to their .html output, as Quarto does.
function Link(el)
  local target = el.target
  if target:match("^%a[%w+.-]*:") or target:match("^//") then
    return nil -- absolute URL: leave alone
  end
  local path, rest = target:match("^([^#?]*%.qmd)([#?].*)$")
  if not path then
    path, rest = target:match("^([^#?]*%.qmd)$"), ""
  end
  if path then
    el.target = path:gsub("%.qmd$", ".html") .. rest
    return el
  end
end
