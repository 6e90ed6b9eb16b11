"""brochure: structured multilingual content and a layout description in, a print-ready PDF out."""

__version__ = "0.1.0"
