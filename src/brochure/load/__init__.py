"""Loading: YAML files into the typed model, every problem named with its file and line."""
