-- wrk script of `make stress` (scripts/stress.sh): the members list of one
-- organization mixed with invitation sends. One request in EVERY is a
-- `POST /organizations/{id}/invitations` for a new address, with its own
-- Idempotency-Key; the others are `GET /organizations/{id}/users`.
--
--   wrk ... -s scripts/stress-mix.lua URL -- TOKEN ORG_ID NONCE EVERY
--
-- Every answer outside 2xx counts as an error; done() prints the counts.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  org = args[2]
  nonce = args[3]
  every = tonumber(args[4]) or 10
  sent = 0
  invites = 0
  errors = 0
  list_request = wrk.format("GET", "/api/v1/organizations/" .. org .. "/users", {
    ["Authorization"] = "Bearer " .. token,
  })
end

function request()
  sent = sent + 1
  if sent % every ~= 0 then
    return list_request
  end
  invites = invites + 1
  local key = nonce .. "-" .. id .. "-" .. sent
  local body = '{"emails":["stress-' .. key .. '@example.com"]}'
  return wrk.format("POST", "/api/v1/organizations/" .. org .. "/invitations", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("non-2xx answer " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local invited, failed = 0, 0
  for _, thread in ipairs(threads) do
    invited = invited + thread:get("invites")
    failed = failed + thread:get("errors")
  end
  io.write(string.format("MIX invitation_posts=%d non2xx=%d\n", invited, failed))
end
