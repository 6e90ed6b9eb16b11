"""Starter: `brochure init`, a new brochure folder that builds at once and passes preflight."""
