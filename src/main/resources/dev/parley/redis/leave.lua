-- A session of USER on NODE leaves the room. KEYS: meta, log, members, at. ARGV: user, node, channel, the presence
-- frame of the user's leave. The user's last session in the room (on any node) publishes the presence leave,
-- numbered. Answers 0 if the session was not counted (evicted already), 1 if the user is still in, 2 if it left.
local field = ARGV[1] .. '|' .. ARGV[2]
if tonumber(redis.call('HGET', KEYS[4], field) or '0') <= 0 then
  return 0
end
if redis.call('HINCRBY', KEYS[4], field, -1) <= 0 then
  redis.call('HDEL', KEYS[4], field)
end
if redis.call('HINCRBY', KEYS[3], ARGV[1], -1) > 0 then
  return 1
end
redis.call('HDEL', KEYS[3], ARGV[1])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if epoch then
  local p = redis.call('HINCRBY', KEYS[1], 'p', 1)
  redis.call('PUBLISH', ARGV[3], epoch .. ' p' .. p .. ' ' .. ARGV[1] .. ' ' .. ARGV[4])
end
return 2
