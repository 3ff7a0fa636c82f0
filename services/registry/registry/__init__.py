"""Registry service: houses, owners, bindings, personal registrations (造册) and their review."""
