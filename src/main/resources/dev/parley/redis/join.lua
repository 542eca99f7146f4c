-- A session of USER on NODE joins the room (the node has subscribed to the room's channel already).
-- KEYS: meta, log, members, at. ARGV: user, node, a fresh epoch (used if the room has none), channel, TTL seconds,
-- the presence frame of the user's join. The user's first session in the room (on any node) publishes the presence
-- join, numbered. Answers {last id, epoch, presence number, members}: the room as the join found it, the join
-- included.
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[3]
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'last', 0, 'p', 0)
end
redis.call('HINCRBY', KEYS[4], ARGV[1] .. '|' .. ARGV[2], 1)
local p
if redis.call('HINCRBY', KEYS[3], ARGV[1], 1) == 1 then
  p = redis.call('HINCRBY', KEYS[1], 'p', 1)
  redis.call('PUBLISH', ARGV[4], epoch .. ' p' .. p .. ' ' .. ARGV[1] .. ' ' .. ARGV[6])
else
  p = tonumber(redis.call('HGET', KEYS[1], 'p') or '0')
end
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
for _, key in ipairs(KEYS) do
  redis.call('EXPIRE', key, ARGV[5])
end
return {last, epoch, p, redis.call('HKEYS', KEYS[3])}
