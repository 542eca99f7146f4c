-- NODE's registration was lost (Redis restarted, or a reaper evicted the node while it was cut off): its sessions'
-- counts in the room are put back as the node has them, silently (no presence). KEYS: meta, log, members, at.
-- ARGV: node, the room's epoch as the node knows it, TTL seconds, then user, sessions pairs (every user with sessions
-- counted in the room on NODE). Absolute: at[user|NODE] = sessions, members[user] moved by the difference; NODE's
-- entries of users not named go. Idempotent. A room whose epoch is another, or none (its data was lost: the node's
-- sessions in it are being reset), is left alone: answers -1. Else how many entries changed.
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if epoch ~= ARGV[2] then
  return -1
end
local suffix = '|' .. ARGV[1]
local users = {}
local wanted = {}
for i = 4, #ARGV, 2 do
  users[#users + 1] = ARGV[i]
  wanted[ARGV[i]] = tonumber(ARGV[i + 1])
end
local entries = redis.call('HGETALL', KEYS[4])
for i = 1, #entries, 2 do
  local field = entries[i]
  if #field > #suffix and string.sub(field, -#suffix) == suffix then
    local user = string.sub(field, 1, #field - #suffix)
    if wanted[user] == nil then
      users[#users + 1] = user
      wanted[user] = 0
    end
  end
end
local changed = 0
for _, user in ipairs(users) do
  local field = user .. suffix
  local sessions = wanted[user]
  local old = tonumber(redis.call('HGET', KEYS[4], field) or '0')
  if sessions ~= old then
    changed = changed + 1
    if sessions > 0 then
      redis.call('HSET', KEYS[4], field, sessions)
    else
      redis.call('HDEL', KEYS[4], field)
    end
    if redis.call('HINCRBY', KEYS[3], user, sessions - old) <= 0 then
      redis.call('HDEL', KEYS[3], user)
    end
  end
end
if changed > 0 then
  redis.call('EXPIRE', KEYS[3], ARGV[3])
  redis.call('EXPIRE', KEYS[4], ARGV[3])
end
return changed
