"""Exports of the live store in the formats newsrooms use: TimelineJS (JSON and spreadsheet),
conflict-data CSV (ACLED/UCDP-style columns) and schema.org JSON-LD claims.

Each exporter is a pure function of a `FactSet` (the store's current snapshot, so moderators'
edits are in and retracted records are not) and a `Selection` of record ids. No Discord here.
"""
