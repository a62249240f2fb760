"""Use cases: one module per thing a user does; each reads, calls the core, writes."""
