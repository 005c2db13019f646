"""Convert Natural Earth countries (npm `world-atlas`, TopoJSON) to GeoJSON keyed by ISO alpha-3.

The 110m scale keeps the file small but drops small states (Bahrain, Singapore...); those are
taken from the 50m scale. Run once by hand; the dashboard only reads the committed output, so it
needs neither this script nor pycountry at run time:

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python dashboard/assets/make_countries.py /tmp/package/countries-110m.json /tmp/package/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).with_name("countries.geojson")
DIGITS = 2


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute, rounded coordinates of every delta-encoded arc."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    deduped = [ring[0]] + [p for prev, p in zip(ring, ring[1:], strict=False) if p != prev]
    return _unwrap(deduped)


def _unwrap(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Make longitudes continuous across the antimeridian (179 -> 181, not -179).

    A ring cut at +-180 otherwise has an edge spanning the whole map, drawn as a horizontal stripe.
    """
    out = [list(ring[0])]
    for x, y in ring[1:]:
        previous = out[-1][0]
        while x - previous > 180:
            x -= 360
        while previous - x > 180:
            x += 360
        out.append([round(x, DIGITS), y])
    return out


def _geometry(geometry: dict, arcs: list) -> dict:
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    rings = [[_ring(r, arcs) for r in polygon] for polygon in polygons]
    rings = [[r for r in polygon if len(r) >= 4] for polygon in rings]
    return {"type": "MultiPolygon", "coordinates": [p for p in rings if p]}


def _features(source: Path) -> list[dict]:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name == "Antarctica":  # no role in news geography; its polar ring only distorts the map
            continue
        country = pycountry.countries.get(numeric=geometry.get("id", "")) if geometry.get("id") else None
        features.append(
            {
                "type": "Feature",
                "id": country.alpha_3 if country else f"NE-{name}",
                "properties": {"name": name},
                "geometry": _geometry(geometry, arcs),
            }
        )
    return features


def convert(coarse: Path, fine: Path) -> dict:
    """Every country of ``coarse``, plus those only ``fine`` has."""
    features = _features(coarse)
    known = {f["id"] for f in features}
    features += [f for f in _features(fine) if f["id"] not in known]
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    collection = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
