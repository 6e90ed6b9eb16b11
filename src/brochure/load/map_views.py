"""Load stage: a map's view (`extent:` of a map style, `view:` of a map block): "world", "fit"
(the region of its places and arcs) or a region in degrees."""

from __future__ import annotations

import yaml

from brochure.cartography.scene import WORLD, MapView
from brochure.load.yaml_source import Node

VIEW_NAMES = ("world", "fit")
VIEW_EDGES = ("west", "south", "east", "north")


def map_view(node: Node) -> str | MapView:
    """`world`, `fit`, or {west, south, east, north} in degrees (any left out: the world view's)."""
    if not isinstance(node.node, yaml.MappingNode):
        name = node.string(VIEW_NAMES)
        if name not in VIEW_NAMES:
            raise node.fail(f"no map extent '{name}'",
                            "use 'world', 'fit' or a region {west: -10, south: 30, east: 40, north: 60}")
        return name
    fields = node.mapping(optional=VIEW_EDGES)
    edges = {key: fields[key].number(-180.0, 180.0) if key in ("west", "east") else fields[key].number(-90.0, 90.0)
             for key in VIEW_EDGES if key in fields}
    view = MapView(**{key: edges.get(key, getattr(WORLD, key)) for key in VIEW_EDGES})
    if view.west >= view.east or view.south >= view.north:
        raise node.fail("a map view's west must be less than its east, and its south less than its north",
                        "give the edges in degrees: west and east from -180 to 180, south and north from -90 to 90")
    return view
