"""Translation workflow: unit inventory, status, XLIFF/PO exchange, pseudo-localisation, fit."""
