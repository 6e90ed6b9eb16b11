"""Preflight: check any PDF as a printer would; a registry of checks producing findings."""
