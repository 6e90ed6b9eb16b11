"""Finish: PDF bytes in, PDF bytes out: PDF/X-4 for print, trimmed pages for screens,
printer's spreads for saddle stitching. Sees only PDF bytes and the design model."""
