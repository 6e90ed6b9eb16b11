"""Typesetting: locale typography, markup escaping, shaping and styles, before layout."""
