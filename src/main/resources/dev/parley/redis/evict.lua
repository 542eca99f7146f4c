-- Evicts a node from one room (issue 14): the node died (the reaper) or stops (its own close). Every `user|node`
-- entry of the room's sessions-per-node hash goes, the room's per-user session counts drop by as much, and each user
-- whose count reaches 0 has left: a presence `leave` on the room's channel, after every message published before it,
-- as a live leave. Idempotent: a second run finds nothing of the node.
-- KEYS: 1 parley:{R}:at (hash user|node -> sessions), 2 parley:{R}:members (hash user -> sessions, all nodes),
--       3 parley:{R}:meta (hash: epoch, last)
-- ARGV: 1 node id, 2 channel parley:{R}, 3 the presence frame up to `"user":`, 4 the rest after the user's name
-- Returns the users who left.
local suffix = '|' .. ARGV[1]
local at = redis.call('HGETALL', KEYS[1])
local epoch = redis.call('HGET', KEYS[3], 'epoch')
local left = {}
for i = 1, #at, 2 do
  local field = at[i]
  if #field > #suffix and string.sub(field, -#suffix) == suffix then
    local user = string.sub(field, 1, #field - #suffix)
    redis.call('HDEL', KEYS[1], field)
    local rest = redis.call('HINCRBY', KEYS[2], user, -tonumber(at[i + 1]))
    if rest <= 0 then
      redis.call('HDEL', KEYS[2], user)
      left[#left + 1] = user
      if epoch then
        redis.call('PUBLISH', ARGV[2], epoch .. ' p ' .. ARGV[3] .. cjson.encode(user) .. ARGV[4])
      end
    end
  end
end
return left
