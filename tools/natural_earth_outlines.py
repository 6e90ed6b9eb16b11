"""Recipe: Natural Earth 1:110m country outlines -> src/brochure/cartography/data/countries-110m.json.

Run once by hand; the result is committed. The input is the public-domain Natural
Earth 1:110m Admin-0 countries layer as shipped in pyogrio's wheel
(pyogrio/tests/fixtures/naturalearth_lowres/, copied there from GeoPandas):

    python3 -m pip download --no-deps pyogrio && unzip pyogrio-*.whl 'pyogrio/tests/fixtures/*'
    python3 tools/natural_earth_outlines.py pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres

Coordinates are rounded to a tenth of a degree (about 11 km, 0.05 mm on a
page-wide world map) and stored as whole tenths; repeated points are dropped.
Only the shapefile's own format is read (no GIS library needed).
"""

from __future__ import annotations

import itertools
import json
import struct
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src/brochure/cartography/data/countries-110m.json"


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header_length, record_length = struct.unpack("<4xIHH", data[:12])
    fields = []
    for offset in range(32, header_length - 1, 32):
        name = data[offset:offset + 11].split(b"\0")[0].decode()
        fields.append((name, data[offset + 16]))
    records = []
    for index in range(count):
        start = header_length + index * record_length + 1  # skip the deletion flag
        record = {}
        for name, size in fields:
            record[name] = data[start:start + size].decode("latin-1").strip()  # the .cpg says ISO-8859-1
            start += size
        records.append(record)
    return records


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each shape's rings as lists of (lon, lat)."""
    data = path.read_bytes()
    offset = 100
    shapes = []
    while offset < len(data):
        _, length = struct.unpack(">II", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + length * 2]
        offset += 8 + length * 2
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:  # polygon
            shapes.append([])
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44:44 + 4 * parts])) + [points]
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{2 * points}d", content[base:base + 16 * points])
        rings = [[(xy[2 * i], xy[2 * i + 1]) for i in range(a, b)] for a, b in itertools.pairwise(starts)]
        shapes.append(rings)
    return shapes


def tenths(ring: list[tuple[float, float]]) -> list[int]:
    flat: list[int] = []
    last = None
    for lon, lat in ring:
        point = (round(lon * 10), round(lat * 10))
        if point != last:
            flat.extend(point)
            last = point
    return flat


def main(stem: str) -> None:
    records = read_dbf(Path(stem + ".dbf"))
    shapes = read_polygons(Path(stem + ".shp"))
    countries = []
    for record, rings in sorted(zip(records, shapes), key=lambda pair: pair[0]["iso_a3"] + pair[0]["name"]):
        kept = [flat for ring in rings if len(flat := tenths(ring)) >= 8]
        if kept:
            countries.append({"iso_a3": record["iso_a3"], "name": record["name"], "rings": kept})
    document = {
        "source": "Natural Earth 1:110m Admin-0 countries (naturalearthdata.com), via pyogrio's test "
                  "fixture naturalearth_lowres; public domain",
        "units": "tenths of a degree, WGS84 longitude and latitude, flat [lon, lat, lon, lat, ...] rings",
        "countries": countries,
    }
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {OUTPUT.stat().st_size} bytes -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
