-- wrk script for bench/stats.sh: every request asks for a path of its own,
-- /api/seed/<round>-<thread>-<n>, so that the service ends up counting as many distinct
-- URLs as requests were sent. <round> is the script argument (wrk ... URL -- <round>), so
-- that several seeding runs against the same counts never repeat a path.
--
-- No response() function: with one, wrk hands every answer to Lua, which costs more CPU
-- than the service's own work per request.

local threads = 0

function setup(thread)
	thread:set("thread_number", threads)
	threads = threads + 1
end

function init(args)
	prefix = "/api/seed/" .. (args[1] or "0") .. "-" .. thread_number .. "-"
	sent = 0
end

function request()
	sent = sent + 1
	return wrk.format("GET", prefix .. sent)
end
