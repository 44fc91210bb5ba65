-- wrk script for rows 16-17: GET /users/ID with ID drawn uniformly from 1..N (the script's argument, `-- N`), as
-- pgbench's `\set id random(1, N)` does on the database side; a fixed ID would measure a cache, not the store.
local n = 10000

function init(args)
    n = tonumber(args[1]) or n
    math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
    return wrk.format("GET", "/users/" .. math.random(1, n))
end
