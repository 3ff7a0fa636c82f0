"""Pure domain rules of the registry (no gRPC, SQLAlchemy or pika here)."""
