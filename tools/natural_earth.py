#!/usr/bin/env python3
"""Make data/natural-earth/land-110m.json, the outlines the entity pages' locator maps draw.

Natural Earth's 1:110m land and country borders (public domain), as the npm package ``world-atlas``
2.0.2 ships them (TopoJSON, ISC), converted once into the small file the server reads:

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/natural_earth.py "$PWD/package"      # from the repository root

The output holds ``land`` (polygons, each a list of rings) and ``borders`` (the lines two countries
share), every line a flat list of integers in hundredths of a degree: the first longitude and
latitude, then the differences to each next point (points that round to the same are dropped). A
ring that crosses the antimeridian runs on past ±180° (the reader draws it again, 360° over), and
Antarctica's, around the pole, is closed along it.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "natural-earth" / "land-110m.json"
UNIT = 0.01  # degrees: finer than the 1:110m data's own quantisation of the longitude (0.0036°)

Point = tuple[float, float]


def _arcs(topology: dict) -> list[list[Point]]:
    """The topology's arcs in degrees (TopoJSON: quantised, each point a difference to the last)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(arcs: list[list[Point]], indices: list[int]) -> list[Point]:
    """A ring from its arcs (``~i`` is arc ``i`` reversed); each arc starts where the last ended."""
    ring: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def _unwrapped(ring: list[Point]) -> list[Point]:
    """A ring drawn on the plane: a step across the antimeridian (179° to -179°) goes on past 180°
    instead, and a ring around a pole (Antarctica's), which then ends 360° from where it began, is
    closed along the pole. The reader draws a ring beyond ±180° a second time, 360° over."""
    out = [ring[0]]
    for x, y in ring[1:]:
        last = out[-1][0]
        out.append((x + 360 * round((last - x) / 360), y))
    (x0, _y0), (x1, y1) = out[0], out[-1]
    if abs(x1 - x0) > 180:
        pole = -90.0 if y1 < 0 else 90.0
        out += [(x1, pole), (x0, pole)]
    return out


def _polygons(geometry: dict) -> list[list[list[int]]]:
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def _encode(points: list[Point]) -> list[int]:
    """Hundredths of a degree, the first point then the differences, repeated points dropped."""
    rounded = [(round(x / UNIT), round(y / UNIT)) for x, y in points]
    kept = [rounded[0], *(b for a, b in pairwise(rounded) if a != b)]
    out = list(kept[0])
    for (x0, y0), (x1, y1) in pairwise(kept):
        out += [x1 - x0, y1 - y0]
    return out


def land(topology: dict) -> list[list[list[int]]]:
    arcs = _arcs(topology)
    return [
        [_encode(_unwrapped(_ring(arcs, ring))) for ring in polygon]
        for geometry in topology["objects"]["land"]["geometries"]
        for polygon in _polygons(geometry)
    ]


def borders(topology: dict) -> list[list[int]]:
    """The arcs two countries share (as ``topojson.mesh(world, countries, (a, b) => a !== b)``)."""
    users: dict[int, set[int]] = {}
    for n, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        for polygon in _polygons(geometry):
            for ring in polygon:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(n)
    arcs = _arcs(topology)
    return [_encode(arcs[i]) for i in sorted(users) if len(users[i]) > 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas package (its folder)")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        meta = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
        land_110m = json.loads((args.package / "land-110m.json").read_text(encoding="utf-8"))
        countries_110m = json.loads((args.package / "countries-110m.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"natural_earth: cannot read the world-atlas package: {exc}", file=sys.stderr)
        return 2
    doc = {
        "source": f"Natural Earth 1:110m land and admin-0 countries, via world-atlas {meta['version']}",
        "licence": "public domain (Natural Earth); world-atlas ISC, (c) Michael Bostock",
        "unit": UNIT,
        "land": land(land_110m),
        "borders": borders(countries_110m),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
