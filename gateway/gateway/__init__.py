"""API gateway: authentication, sessions, routing to the services, the owners' browser UI and /api/v1."""
