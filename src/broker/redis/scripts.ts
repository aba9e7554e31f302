/**
 * The Lua scripts of cluster mode (DESIGN §6.1). Redis runs scripts one at a time, so everything that must
 * agree across nodes happens inside one: an event's dedupe, its id, its backlog append and its fan-out
 * (PUBLISH to the userId's channel, XADD to the applications' stream). The order in which any node sees a
 * userId's events is therefore the order of their ids, whichever node handed them over.
 *
 * Why the details:
 * - Time comes from Redis (`TIME`): one clock for the whole cluster, for id seeds, ages and presence.
 * - An id is seeded as `now_ms * 1000` (DESIGN §4.3, `seedOutboundId`, the memory store's rule) whenever the
 *   counter is missing: new, forgotten, or lost with Redis's data. Ids pass through `string.format('%d')`:
 *   Lua would print 1.8e15 as `1.796515185363e+15`.
 * - Frames are never parsed here: the numbered frame is the body with `,"id":N}` in place of its last `}`
 *   (`frameWithId`). Redis's cjson would rewrite numbers.
 * - The backlog is trimmed entry by entry (not `XADD MAXLEN`/`XTRIM MINID`) because §6.2's cap on all
 *   backlogs together needs the bytes each trim removed.
 * - Some scripts build key names (another conversation's log when evicting, a node's user set): one Redis
 *   primary, not Redis Cluster.
 */

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Dedupe of `id` in a sender's recent ids (a zset of the last `window`), or nothing when no id is given. */
const DEDUPE = `
local function seen(key, id, window, idle)
  if id == '' then return false end
  if redis.call('ZADD', key, 'NX', now, id) == 0 then return true end
  redis.call('ZREMRANGEBYRANK', key, 0, -tonumber(window) - 1)
  redis.call('PEXPIRE', key, idle)
  return false
end`;

/** Marks a conversation active: its state lives `idle` ms after this, and `idle` orders eviction. */
const TOUCH = `
local function touch(meta, log, seenc, idleset, user, idle)
  redis.call('HSET', meta, 't', now)
  redis.call('PEXPIRE', meta, idle)
  redis.call('PEXPIRE', log, idle)
  redis.call('PEXPIRE', seenc, idle)
  redis.call('ZADD', idleset, now, user)
end`;

/** KEYS: meta log seen:c idle. ARGV: userId idleMs. */
export const TOUCH_SCRIPT = `${NOW}${TOUCH}
touch(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2])
return 1`;

/**
 * A customer's event. KEYS: meta log seen:c idle apps. ARGV: userId ackId frame change(open|close|'') time
 * idleMs window node. Returns {'dup'} or {'ok', openedTime|'', closedOpenTime|''}.
 */
export const CUSTOMER_SCRIPT = `${NOW}${DEDUPE}${TOUCH}
if seen(KEYS[3], ARGV[2], ARGV[7], ARGV[6]) then return {'dup'} end
local opened, closed = '', ''
if ARGV[4] == 'open' then
  if redis.call('HSETNX', KEYS[1], 'open', ARGV[5]) == 1 then opened = ARGV[5] end
elseif ARGV[4] == 'close' then
  local open = redis.call('HGET', KEYS[1], 'open')
  if open then closed = open; redis.call('HDEL', KEYS[1], 'open') end
end
redis.call('XADD', KEYS[5], 'MAXLEN', '~', 10000, '*', 'n', ARGV[8], 'c', '0', 'f', ARGV[3])
touch(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[6])
return {'ok', opened, closed}`;

/**
 * An application's event. KEYS: meta log seen:c idle apps seen(sender) bytes total. ARGV: userId ackId body
 * numbered keep endsSession node connection maxEvents maxAgeMs idleMs window totalCap. With no userId the
 * conversation keys are unused. Returns {'dup'} or {'ok', id|'', closedOpenTime|''}.
 */
export const APPLICATION_SCRIPT = `${NOW}${DEDUPE}${TOUCH}
local user, idle = ARGV[1], ARGV[11]
if seen(KEYS[6], ARGV[2], ARGV[12], idle) then return {'dup'} end
local ids, closed, frame = '', '', ARGV[3]
if ARGV[4] == '1' then
  local id = redis.call('HINCRBY', KEYS[1], 'last', 1)
  if id == 1 then id = now * 1000 end
  ids = string.format('%d', id)
  redis.call('HSET', KEYS[1], 'last', ids)
  frame = string.sub(ARGV[3], 1, -2) .. ',"id":' .. ids .. '}'
  redis.call('PUBLISH', 'sermo:u:' .. user, ids .. ' ' .. frame)
  if ARGV[5] == '1' then
    redis.call('XADD', KEYS[2], '*', 'i', ids, 'f', frame)
    local delta = #frame
    local cutoff = now - tonumber(ARGV[10])
    while true do
      local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
      if not head then break end
      local ms = tonumber(string.match(head[1], '^(%d+)'))
      if redis.call('XLEN', KEYS[2]) <= tonumber(ARGV[9]) and ms >= cutoff then break end
      delta = delta - #head[2][4]
      redis.call('XDEL', KEYS[2], head[1])
    end
    redis.call('HINCRBY', KEYS[7], user, delta)
    local total = redis.call('INCRBY', KEYS[8], delta)
    -- All backlogs together stay under the cap: the longest-idle conversations lose theirs first (§6.2).
    for _ = 1, 32 do
      if total <= tonumber(ARGV[13]) then break end
      local victim = redis.call('ZRANGE', KEYS[4], 0, 0)[1]
      if not victim or victim == user then break end
      local bytes = tonumber(redis.call('HGET', KEYS[7], victim) or '0')
      redis.call('DEL', 'sermo:u:' .. victim .. ':log')
      redis.call('HDEL', KEYS[7], victim)
      redis.call('ZREM', KEYS[4], victim)
      total = redis.call('DECRBY', KEYS[8], bytes)
    end
  end
  if ARGV[6] == '1' then
    local open = redis.call('HGET', KEYS[1], 'open')
    if open then closed = open; redis.call('HDEL', KEYS[1], 'open') end
  end
end
redis.call('XADD', KEYS[5], 'MAXLEN', '~', 10000, '*', 'n', ARGV[7], 'c', ARGV[8], 'f', frame)
if user ~= '' then touch(KEYS[1], KEYS[2], KEYS[3], KEYS[4], user, idle) end
return {'ok', ids, closed}`;

/** KEYS: meta log. ARGV: lastEventId maxAgeMs. Returns {lastId|'0', id, frame, id, frame, ...}, oldest first. */
export const REPLAY_SCRIPT = `${NOW}
local out = {redis.call('HGET', KEYS[1], 'last') or '0'}
local after = tonumber(ARGV[1])
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], tostring(now - tonumber(ARGV[2])), '+')) do
  if tonumber(entry[2][2]) > after then
    out[#out + 1] = entry[2][2]
    out[#out + 1] = entry[2][4]
  end
end
return out`;

/**
 * Forgets the byte counts of conversations idle past the limit (their keys expire by themselves).
 * KEYS: idle bytes total. ARGV: idleMs.
 */
export const SWEEP_SCRIPT = `${NOW}
for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, 500)) do
  redis.call('DECRBY', KEYS[3], tonumber(redis.call('HGET', KEYS[2], user) or '0'))
  redis.call('HDEL', KEYS[2], user)
  redis.call('ZREM', KEYS[1], user)
end
return 1`;

/**
 * A node's heartbeat. KEYS: nodes apps(node) users(node). ARGV: node appsJson. A node is live while its beat
 * is under 6 s old; one silent for a minute is dropped from the list.
 */
export const BEAT_SCRIPT = `${NOW}
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
redis.call('SET', KEYS[2], ARGV[2], 'PX', 10000)
redis.call('PEXPIRE', KEYS[3], 10000)
return 1`;

/** KEYS: nodes. ARGV: userId. 1 when a live node has a customer socket of userId. */
export const HAS_CUSTOMER_SCRIPT = `${NOW}
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - 6000, '+inf')) do
  if redis.call('SISMEMBER', 'sermo:node:' .. node .. ':users', ARGV[1]) == 1 then return 1 end
end
return 0`;

/** KEYS: nodes. Returns {node, appsJson|false, ...} for every live node. */
export const OVERVIEW_SCRIPT = `${NOW}
local out = {}
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - 6000, '+inf')) do
  out[#out + 1] = node
  out[#out + 1] = redis.call('GET', 'sermo:node:' .. node .. ':apps') or ''
end
return out`;

/**
 * Stores an image, within the uploading conversation's quota, evicting its owner's own oldest images when
 * the store is full (never another owner's: `ImageStore`'s rule). KEYS: img(id) imgs imgs(owner) quota(user)
 * img-bytes owner-bytes. ARGV: id type bytes owner size capBytes quotaMs perConversation bytesPerConversation
 * withQuota. Returns {'ok'} or {'no', 'images'|'bytes'|'full'}.
 */
export const IMAGE_PUT_SCRIPT = `${NOW}
local size, cap = tonumber(ARGV[5]), tonumber(ARGV[6])
if ARGV[10] == '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[7]))
  local recent = redis.call('ZRANGE', KEYS[4], 0, -1)
  if #recent >= tonumber(ARGV[8]) then return {'no', 'images'} end
  local sum = size
  for _, member in ipairs(recent) do sum = sum + tonumber(string.match(member, ':(%d+)$')) end
  if sum > tonumber(ARGV[9]) then return {'no', 'bytes'} end
end
local total = tonumber(redis.call('GET', KEYS[5]) or '0')
local own = tonumber(redis.call('HGET', KEYS[6], ARGV[4]) or '0')
if size > cap - total + own then return {'no', 'full'} end
while total + size > cap do
  local victim = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if not victim then break end
  local bytes = tonumber(redis.call('HGET', 'sermo:img:' .. victim, 'n') or '0')
  redis.call('DEL', 'sermo:img:' .. victim)
  redis.call('ZREM', KEYS[2], victim)
  redis.call('ZREM', KEYS[3], victim)
  redis.call('HINCRBY', KEYS[6], ARGV[4], -bytes)
  total = redis.call('DECRBY', KEYS[5], bytes)
end
redis.call('HSET', KEYS[1], 't', ARGV[2], 'b', ARGV[3], 'o', ARGV[4], 'n', size)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('HINCRBY', KEYS[6], ARGV[4], size)
redis.call('INCRBY', KEYS[5], size)
if ARGV[10] == '1' then
  redis.call('ZADD', KEYS[4], now, ARGV[1] .. ':' .. size)
  redis.call('PEXPIRE', KEYS[4], ARGV[7])
end
return {'ok'}`;

/** Drops images past their age. KEYS: imgs img-bytes owner-bytes. ARGV: maxAgeMs. */
export const IMAGE_SWEEP_SCRIPT = `${NOW}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, 500)) do
  local info = redis.call('HMGET', 'sermo:img:' .. id, 'n', 'o')
  local bytes = tonumber(info[1] or '0')
  redis.call('DEL', 'sermo:img:' .. id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('DECRBY', KEYS[2], bytes)
  if info[2] then
    redis.call('ZREM', 'sermo:imgs:' .. info[2], id)
    redis.call('HINCRBY', KEYS[3], info[2], -bytes)
  end
end
return 1`;

/** KEYS: img(id) imgs. ARGV: maxAgeMs. {type, bytes} of an image younger than the maximum age, or {}. */
export const IMAGE_GET_SCRIPT = `${NOW}
local at = redis.call('ZSCORE', KEYS[2], ARGV[2])
if not at or tonumber(at) < now - tonumber(ARGV[1]) then return {} end
return redis.call('HMGET', KEYS[1], 't', 'b')`;
