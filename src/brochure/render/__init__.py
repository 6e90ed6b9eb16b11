"""Render: the story drawn to PDF pages with reportlab, page decoration included."""
