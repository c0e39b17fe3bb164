-- Version 2: answers read the records, the name index and the links from tables in this
-- file, written with every change (facts/tables.py, facts/store/keys.py; they are made by
-- the store, versioned by meta 'store:index_version'). A bot of version 1 would write
-- records without them, so it must refuse this store: that is what this version is for.
-- Its own index mark goes.
DELETE FROM meta WHERE key = 'store:fulltext_version';
