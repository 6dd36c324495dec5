import GewerbeCLI

// All wiring is in GewerbeCLI so that tests can call it.
await GewerbeEinstieg.starten()
