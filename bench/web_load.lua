-- wrk script for bench/web_load.sh and bench/soak.sh. WEB_LOAD_MODE=ask POSTs /api/ask with the
-- questions of WEB_LOAD_LIST (one a line); WEB_LOAD_MODE=page GETs /q/<slug> for the slugs of the
-- list; WEB_LOAD_MODE=mix alternates POST /api/ask and GET /api/search with the questions. Each
-- wrk thread starts at its own place in the list and cycles through it.
local mode = os.getenv("WEB_LOAD_MODE") or "ask"
local items = {}
for line in io.lines(os.getenv("WEB_LOAD_LIST")) do
  if #line > 0 then items[#items + 1] = line end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function url_encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local next_item = 0
function init(args)
  next_item = (id or 0) * math.floor(#items / 2 + 1)
end

function request()
  next_item = next_item + 1
  local item = items[(next_item % #items) + 1]
  if mode == "mix" and next_item % 2 == 0 then
    return wrk.format("GET", "/api/search?k=10&q=" .. url_encode(item))
  end
  if mode == "ask" or mode == "mix" then
    return wrk.format("POST", "/api/ask", { ["Content-Type"] = "application/json" },
                      '{"question": ' .. json_string(item) .. '}')
  end
  return wrk.format("GET", "/q/" .. item)
end
