-- wrk script for bench/library.sh: POST /books with a new book on every request: a title
-- from small word lists, a publish_date in the past, 1 to 3 distinct random authors out of
-- 1..<authors> (all of which exist), no ISBN (so that no two requests collide on one).
--
--   wrk ... -s bench/library-post.lua http://127.0.0.1:5301/ -- 1000000

local threads = 0

function setup(thread)
	thread:set("thread_number", threads)
	threads = threads + 1
end

local adjectives = { "Silent", "Hidden", "Broken", "Golden", "Distant", "Frozen", "Quiet", "Secret", "Lonely",
	"Ancient", "Restless", "Silver", "Strange", "Painted", "Velvet", "Copper" }
local nouns = { "Garden", "River", "Letter", "Kingdom", "Harbor", "Mirror", "Voyage", "Promise", "Memory",
	"Orchard", "Lantern", "Compass", "Chronicle", "Glacier", "Archive", "Riddle" }

function init(args)
	authors = tonumber(args[1])
	if authors == nil or authors < 3 then
		error("usage: wrk ... -s library-post.lua URL -- <number of authors, at least 3>")
	end
	math.randomseed(os.time() * 100 + thread_number)
	headers = { ["Content-Type"] = "application/json" }
	sent = 0
end

function request()
	sent = sent + 1
	local ids = { math.random(authors) }
	local wanted = math.random(3)
	while #ids < wanted do
		local id = math.random(authors)
		local fresh = true
		for _, seen in ipairs(ids) do
			if seen == id then
				fresh = false
			end
		end
		if fresh then
			ids[#ids + 1] = id
		end
	end
	local body = string.format(
		'{"title":"The %s %s (bench %d-%d)","publish_date":"%04d-%02d-%02d","author_ids":[%s]}',
		adjectives[math.random(#adjectives)], nouns[math.random(#nouns)], thread_number, sent,
		math.random(1950, 2020), math.random(12), math.random(28), table.concat(ids, ","))
	return wrk.format("POST", "/books", headers, body)
end
