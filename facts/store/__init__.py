"""The live facts store, a package by concern (see README: the code map). `from facts.store
import X` is the public API; the modules are:

- live: `Store`, which orchestrates the rest (opening, changes, import and export);
- reader: its read side (connection, lock, transactions, the cached state, reads);
- connection: where a store may be opened, the connection, SQLite failures in one line;
- schema, migrations/: the schema version (`PRAGMA user_version`) and its migrations;
- revisions: revisions, changes, editors, and how they are shown; seeding: a new store
  made beside its path and moved into place when complete;
- state: the cache and its indexes; transfer: import, export, backup; meta: the key-value
  table; errors: what the store refuses.
"""

from facts.store.connection import BUSY_SECONDS, check_place, describe_failure, not_a_store
from facts.store.errors import (
    RESTORE,
    EmptyStore,
    InvalidChange,
    NewerStore,
    NotFound,
    OlderStore,
    SeedInvalid,
    StoreError,
    StoreUnavailable,
)
from facts.store.live import Store
from facts.store.meta import INDEX_VERSION, SEED_HEAD
from facts.store.revisions import Action, Clock, Editor, Revision, StaleEdit, build_record
from facts.store.schema import SCHEMA_VERSION
from facts.store.transfer import Conflict, ImportReport

__all__ = [
    "BUSY_SECONDS",
    "INDEX_VERSION",
    "RESTORE",
    "SCHEMA_VERSION",
    "SEED_HEAD",
    "Action",
    "Clock",
    "Conflict",
    "Editor",
    "EmptyStore",
    "ImportReport",
    "InvalidChange",
    "NewerStore",
    "NotFound",
    "OlderStore",
    "Revision",
    "SeedInvalid",
    "StaleEdit",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "build_record",
    "check_place",
    "describe_failure",
    "not_a_store",
]
