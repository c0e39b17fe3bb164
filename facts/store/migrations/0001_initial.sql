-- Version 1: the store as every briefing before schema versions wrote it (IF NOT EXISTS, so
-- such a store, at user_version 0, is brought to version 1 without a change to its tables).

CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL,
    retracted INTEGER NOT NULL DEFAULT 0, revision INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS revisions (
    number INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, kind TEXT NOT NULL,
    action TEXT NOT NULL, editor_name TEXT NOT NULL, editor_id INTEGER, at TEXT NOT NULL,
    reason TEXT NOT NULL, before TEXT, after TEXT, base_revision INTEGER, undoes INTEGER);

CREATE INDEX IF NOT EXISTS revisions_by_record ON revisions (record_id, number);
CREATE INDEX IF NOT EXISTS revisions_by_time ON revisions (at);

-- History is evidence: the database itself refuses to rewrite or drop it.
CREATE TRIGGER IF NOT EXISTS revisions_no_update BEFORE UPDATE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS revisions_no_delete BEFORE DELETE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
-- INSERT OR REPLACE deletes the old row without firing the delete trigger.
CREATE TRIGGER IF NOT EXISTS revisions_no_replace BEFORE INSERT ON revisions
    WHEN EXISTS (SELECT 1 FROM revisions WHERE number = NEW.number)
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

CREATE TABLE IF NOT EXISTS articles (source_id TEXT PRIMARY KEY, text TEXT NOT NULL);

-- The record's revision when the curated YAML last agreed with it (see Store.import_dir).
CREATE TABLE IF NOT EXISTS synced (record_id TEXT PRIMARY KEY, revision INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
