-- NODE is dead: its sessions leave the room. KEYS: meta, log, members, at. ARGV: node, channel, presence frame
-- prefix and suffix (the leave frame is prefix .. user .. suffix). Every user whose last session in the room was on
-- NODE leaves, with a numbered presence leave. Answers how many users left.
local suffix = '|' .. ARGV[1]
local entries = redis.call('HGETALL', KEYS[4])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local left = 0
for i = 1, #entries, 2 do
  local field = entries[i]
  if #field > #suffix and string.sub(field, -#suffix) == suffix then
    local user = string.sub(field, 1, #field - #suffix)
    redis.call('HDEL', KEYS[4], field)
    if redis.call('HINCRBY', KEYS[3], user, -tonumber(entries[i + 1])) <= 0 then
      redis.call('HDEL', KEYS[3], user)
      left = left + 1
      if epoch then
        local p = redis.call('HINCRBY', KEYS[1], 'p', 1)
        redis.call('PUBLISH', ARGV[2], epoch .. ' p' .. p .. ' ' .. user .. ' ' .. ARGV[3] .. user .. ARGV[4])
      end
    end
  end
end
return left
