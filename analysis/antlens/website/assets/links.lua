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

-- Quarto's conditional content: `::: {.content-visible when-format="html"}` (or unless-format),
-- and `.content-hidden` the other way round. "html" matches any HTML writer, as in Quarto.
local function is_format(name)
  if name == "html" then
    return FORMAT:match("html") ~= nil
  end
  return FORMAT == name
end

function Div(el)
  local visible = el.classes:includes("content-visible")
  if not (visible or el.classes:includes("content-hidden")) then
    return nil
  end
  local when, unless = el.attributes["when-format"], el.attributes["unless-format"]
  local matches = true
  if when then
    matches = is_format(when)
  elseif unless then
    matches = not is_format(unless)
  end
  if matches == visible then
    return el.content
  end
  return {}
end
