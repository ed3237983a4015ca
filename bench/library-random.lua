-- wrk script for bench/library.sh: GET <prefix><id><suffix> with a new random id, uniform
-- in 1..<max>, on every request, so that an uncached run reads rows all over the tables
-- rather than one hot row (and a cached run over a small <max> finds them in the cache).
--
--   wrk ... -s bench/library-random.lua http://127.0.0.1:5301/ -- /books/ 3000000
--   wrk ... -s bench/library-random.lua http://127.0.0.1:5301/ -- /authors/ 1000000 /books
--
-- No response() function: with one, wrk hands every answer to Lua, which costs more CPU
-- than the service's own work on a cached request.

local threads = 0

function setup(thread)
	thread:set("thread_number", threads)
	threads = threads + 1
end

function init(args)
	prefix = args[1]
	max = tonumber(args[2])
	suffix = args[3] or ""
	if prefix == nil or max == nil or max < 1 then
		error("usage: wrk ... -s library-random.lua URL -- <prefix> <max id> [<suffix>]")
	end
	-- A sequence of its own per thread.
	math.randomseed(os.time() * 100 + thread_number)
end

function request()
	return wrk.format("GET", prefix .. math.random(max) .. suffix)
end
