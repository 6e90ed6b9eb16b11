"""Cartography: pure map geometry (projection, great circles, label placement) and world outlines."""
