-- A foreign key checks every new price against ports one row at a time: 13 of the 20 s
-- a million-price batch took to apply (bench/batches.sh). Instead, every writer of
-- prices checks its ports itself, under a SHARE lock on ports that a replacement of the
-- ports (the import) waits for, and that waits for it (rates.PortsLock). H2 keeps the
-- keys: it has no such locks, and no batch of that size to apply.
ALTER TABLE prices DROP CONSTRAINT prices_orig_code_fkey;
ALTER TABLE prices DROP CONSTRAINT prices_dest_code_fkey;
