-- wrk script for bench/batches.sh: GET /rates with a query drawn at random, on every
-- request, from a file of request paths (one per line, written by the script from the
-- database's ports and regions), so that the readers ask what users ask: port to port,
-- port to region, region to region, over ranges of a day to a month.
--
--   wrk ... -s bench/batches-rates.lua http://127.0.0.1:5301/ -- bench/work/batches/queries.txt
--
-- No response() function: with one, wrk hands every answer to Lua, which costs CPU that
-- the service and PostgreSQL share on a small machine.

local threads = 0

function setup(thread)
	thread:set("thread_number", threads)
	threads = threads + 1
end

function init(args)
	paths = {}
	local file = args[1] and io.open(args[1])
	if file == nil then
		error("usage: wrk ... -s batches-rates.lua URL -- <file of request paths>")
	end
	for line in file:lines() do
		if line ~= "" then
			paths[#paths + 1] = line
		end
	end
	file:close()
	if #paths == 0 then
		error("no request paths in " .. args[1])
	end
	-- A sequence of its own per thread.
	math.randomseed(os.time() * 100 + thread_number)
end

function request()
	return wrk.format("GET", paths[math.random(#paths)])
end
