"""Preview: PDF -> PNG pages, reader spreads, a visual diff and a self-reloading HTML page."""
