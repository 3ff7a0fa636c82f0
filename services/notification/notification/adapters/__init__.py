"""SQL tables and repository, and the clients of other systems (identity, registry, the SMS gateway)."""
