-- wrk script for row 7: POST /users with a JSON body; counts the responses by status across threads and prints
-- "statuses 201=N ..." and "duration_us N" after wrk's own summary, for bench/run.sh to read.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    counts = {}
    sent = 0
end

function request()
    sent = sent + 1
    local body = string.format(
        '{"name":"Bench User %d-%d","email":"bench%d.%d@example.com","age":%d,"role":"viewer","address":{"city":"Oslo","country":"NO"}}',
        id, sent, id, sent, 18 + sent % 70)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        local counted = thread:get("counts")
        for status, n in pairs(counted) do
            total[status] = (total[status] or 0) + n
        end
    end
    local line = "statuses"
    for status, n in pairs(total) do
        line = line .. string.format(" %d=%d", status, n)
    end
    print(line)
    print(string.format("duration_us %d", summary.duration))
end
