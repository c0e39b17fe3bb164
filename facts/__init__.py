"""The facts domain: validated records, the live store, search and briefings. No Discord here."""
