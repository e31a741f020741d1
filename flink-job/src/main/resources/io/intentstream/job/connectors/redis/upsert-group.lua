-- Writes one group of fields of a user's hash unless the hash already holds that group from the same or a later
-- event (event time, then rank, then event id; docs/serving.md). Replays and duplicates are no-ops, so the job's
-- at-least-once delivery leaves the same values, and a late event never replaces a newer one.
-- KEYS[1]: the user's hash. ARGV: group, event time (epoch ms), rank, event id, TTL (ms), then field/value pairs.
local group = ARGV[1]
local time, rank, id = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local stored = redis.call('HMGET', KEYS[1], group .. '.event_time', group .. '.event_rank', group .. '.event_id')
if stored[1] then
  local storedTime, storedRank, storedId = tonumber(stored[1]), tonumber(stored[2]), stored[3]
  if time < storedTime or (time == storedTime and (rank < storedRank or (rank == storedRank and id <= storedId))) then
    return 0
  end
end
redis.call('HSET', KEYS[1], group .. '.event_time', ARGV[2], group .. '.event_rank', ARGV[3], group .. '.event_id', id,
  unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
