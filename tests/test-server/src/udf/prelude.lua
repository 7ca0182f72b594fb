-- The value modules of Aerospike's Lua UDF API (list, map, bytes), built on
-- plain tables marked by a metatable so the server can tell them apart when
-- it converts results and bin values back to particles. Evaluated once per
-- Lua state before the user's module; returns the three metatables.

local List = { __name = "List" }
local Map = { __name = "Map" }
local Bytes = { __name = "Bytes" }


local function new_list(t)
  local l = {}
  if t ~= nil then for i = 1, #t do l[i] = t[i] end end
  return setmetatable(l, List)
end

local function new_map(t)
  local m = {}
  if t ~= nil then for k, v in pairs(t) do m[k] = v end end
  return setmetatable(m, Map)
end

local function show(v)
  if type(v) == "string" then return v end
  return tostring(v)
end

List.__tostring = function(l)
  local parts = {}
  for i = 1, #l do parts[i] = show(l[i]) end
  return "List(" .. table.concat(parts, ", ") .. ")"
end

Map.__tostring = function(m)
  local parts = {}
  for k, v in pairs(m) do parts[#parts + 1] = show(k) .. "=" .. show(v) end
  return "Map(" .. table.concat(parts, ", ") .. ")"
end

list = setmetatable({}, { __call = function(_, t) return new_list(t) end })

function list.create(n) return new_list() end
function list.size(l) return #l end
function list.append(l, v) l[#l + 1] = v end
function list.prepend(l, v) table.insert(l, 1, v) end
function list.insert(l, pos, v) table.insert(l, pos, v) end
function list.remove(l, pos) table.remove(l, pos) end
function list.clone(l) return new_list(l) end
function list.concat(l, other) for i = 1, #other do l[#l + 1] = other[i] end end
function list.merge(l, other)
  local out = new_list(l)
  for i = 1, #other do out[#out + 1] = other[i] end
  return out
end
function list.take(l, n)
  local out = new_list()
  for i = 1, math.min(n, #l) do out[i] = l[i] end
  return out
end
function list.drop(l, n)
  local out = new_list()
  for i = n + 1, #l do out[#out + 1] = l[i] end
  return out
end
function list.trim(l, pos) for i = #l, pos, -1 do l[i] = nil end end
function list.iterator(l)
  local i = 0
  return function()
    i = i + 1
    return l[i]
  end
end

map = setmetatable({}, { __call = function(_, t) return new_map(t) end })

function map.create(n) return new_map() end
function map.size(m)
  local n = 0
  for _ in pairs(m) do n = n + 1 end
  return n
end
function map.pairs(m) return pairs(m) end
function map.keys(m)
  local k = nil
  return function()
    k = next(m, k)
    return k
  end
end
function map.values(m)
  local k, v = nil, nil
  return function()
    k, v = next(m, k)
    return v
  end
end
function map.remove(m, k) m[k] = nil end
function map.clone(m) return new_map(m) end
function map.merge(a, b, f)
  local out = new_map(a)
  for k, v in pairs(b) do
    if out[k] ~= nil and f ~= nil then out[k] = f(out[k], v) else out[k] = v end
  end
  return out
end
function map.diff(a, b)
  local out = new_map()
  for k, v in pairs(a) do if b[k] == nil then out[k] = v end end
  for k, v in pairs(b) do if a[k] == nil then out[k] = v end end
  return out
end

-- Bytes keep their content as a Lua string in `s` and their particle type
-- (4 = blob) in `t`; indexing is 1-based like the rest of Lua.
local function new_bytes(s, t) return setmetatable({ s = s or "", t = t or 4 }, Bytes) end

Bytes.__index = function(b, i)
  if type(i) == "number" then return string.byte(rawget(b, "s"), i) end
  return nil
end
Bytes.__newindex = function(b, i, v)
  if type(i) ~= "number" then error("bytes index must be a number") end
  bytes.set_byte(b, i, v)
end
Bytes.__len = function(b) return #rawget(b, "s") end
Bytes.__tostring = function(b)
  local s = rawget(b, "s")
  return "Bytes(" .. table.concat({ string.byte(s, 1, #s) }, " ") .. ")"
end

bytes = setmetatable({}, { __call = function(_, n) return new_bytes(string.rep("\0", n or 0)) end })

local function pad(b, upto)
  local s = rawget(b, "s")
  if #s < upto then rawset(b, "s", s .. string.rep("\0", upto - #s)) end
end

local function put(b, pos, piece)
  pad(b, pos - 1)
  local s = rawget(b, "s")
  rawset(b, "s", s:sub(1, pos - 1) .. piece .. s:sub(pos + #piece))
  return true
end

function bytes.size(b) return #rawget(b, "s") end
function bytes.set_size(b, n)
  local s = rawget(b, "s")
  if n < #s then rawset(b, "s", s:sub(1, n)) else pad(b, n) end
  return true
end
function bytes.get_type(b) return rawget(b, "t") end
function bytes.set_type(b, t) rawset(b, "t", t) return true end
function bytes.get_byte(b, i) return string.byte(rawget(b, "s"), i) end
function bytes.set_byte(b, i, v) return put(b, i, string.char(v & 0xff)) end
function bytes.append_byte(b, v) return put(b, #rawget(b, "s") + 1, string.char(v & 0xff)) end
function bytes.get_string(b, i, n) return rawget(b, "s"):sub(i, i + n - 1) end
function bytes.set_string(b, i, s) return put(b, i, s) end
function bytes.append_string(b, s) return put(b, #rawget(b, "s") + 1, s) end
function bytes.get_bytes(b, i, n) return new_bytes(rawget(b, "s"):sub(i, i + n - 1)) end
function bytes.set_bytes(b, i, other, n) return put(b, i, rawget(other, "s"):sub(1, n or #rawget(other, "s"))) end
function bytes.append_bytes(b, other, n)
  return put(b, #rawget(b, "s") + 1, rawget(other, "s"):sub(1, n or #rawget(other, "s")))
end

for _, w in ipairs({ 16, 32, 64 }) do
  local n = w // 8
  for _, order in ipairs({ { "", ">" }, { "_be", ">" }, { "_le", "<" } }) do
    local fmt = order[2] .. "i" .. n
    bytes["get_int" .. w .. order[1]] = function(b, i)
      local s = rawget(b, "s")
      if i + n - 1 > #s then return nil end
      return (string.unpack(fmt, s, i))
    end
    bytes["set_int" .. w .. order[1]] = function(b, i, v) return put(b, i, string.pack(fmt, v)) end
    bytes["append_int" .. w .. order[1]] = function(b, v) return put(b, #rawget(b, "s") + 1, string.pack(fmt, v)) end
  end
end

return { list = List, map = Map, bytes = Bytes, new_bytes = new_bytes }
