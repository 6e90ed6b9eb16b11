"""The typed model: what the loaders produce and every later stage reads."""
