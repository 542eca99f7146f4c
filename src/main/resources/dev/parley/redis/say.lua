-- A message said in a room: the room's next id, the frame kept in its log and published on its channel, in one step.
-- KEYS: meta, log. ARGV: frame prefix, frame suffix (the frame is prefix .. id .. suffix), history size (MAXLEN),
-- a fresh epoch (used if the room has none: new, or its data was lost), channel, TTL seconds, deadline (ms, Redis
-- time). A say that runs after its deadline (its sender has been told "unavailable": Redis was paused or slow) does
-- nothing and answers {'late', now}. Else {id, epoch}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[7]) then
  return {'late', now}
end
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'last', 0, 'p', 0)
end
local id = redis.call('HINCRBY', KEYS[1], 'last', 1)
local frame = ARGV[1] .. id .. ARGV[2]
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], id .. '-0', 'm', frame)
redis.call('PUBLISH', ARGV[5], epoch .. ' ' .. id .. ' ' .. frame)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return {id, epoch}
