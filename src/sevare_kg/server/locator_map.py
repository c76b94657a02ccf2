"""An event's locator map: Natural Earth's land and country borders around its point(s), as inline SVG.

Drawn here, on the server: the pages' Content-Security-Policy lets in no script, no tile and no font,
and an ``<svg>`` written into the HTML needs none of them. The projection is equirectangular with its
standard parallel at the map's middle latitude (so a degree of longitude is as wide as it is there),
over at least ±15° of latitude around the point(s), the extent kept inside the world (shifted, never
wrapped, at the poles and the antimeridian). The outlines are ``data/natural-earth/land-110m.json``
(public domain, made by ``tools/natural_earth.py``), read once, the first time a map is drawn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from itertools import pairwise

from sevare_kg.resources import data_dir

HALF_SPAN = 15.0  # degrees of latitude at least, either side of the middle of the point(s)
MARGIN = 3.0  # degrees at least between the outermost points and the map's edge
WIDTH = 360  # the map's width in CSS pixels
MAX_ASPECT = 2.0  # a wide spread of points widens the map at most to twice its height
_MIN_COS = 0.1  # the middle latitude's cosine, kept off zero
_CLIP_PAD = 1.0  # degrees beyond the extent that outlines are kept, so no cut edge shows

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """A point to mark: latitude and longitude in degrees (WGS 84), and what is there."""

    lat: float
    lon: float
    label: str


@dataclass(frozen=True)
class Extent:
    """The degrees a map shows: west to east, south to north."""

    west: float
    south: float
    east: float
    north: float

    def padded(self, pad: float) -> Extent:
        return Extent(self.west - pad, self.south - pad, self.east + pad, self.north + pad)

    def meets(self, box: Extent) -> bool:
        return (
            box.west <= self.east
            and box.east >= self.west
            and box.south <= self.north
            and box.north >= self.south
        )


def _clamped(middle: float, half: float, low: float, high: float) -> tuple[float, float]:
    """``middle ± half``, shifted to lie inside ``[low, high]`` (the whole of it when too wide)."""
    if 2 * half >= high - low:
        return low, high
    start = min(max(middle - half, low), high - 2 * half)
    return start, start + 2 * half


def _cos(lat: float) -> float:
    return max(math.cos(math.radians(lat)), _MIN_COS)


def extent_around(points: Sequence[tuple[float, float]]) -> Extent:
    """The extent of a locator map of ``(latitude, longitude)`` points, about as tall as it is wide
    on the ground: ±15° of latitude at least around their middle, more if they are spread wider."""
    if not points:
        raise ValueError("a locator map needs a point")
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    lon_half = (max(lons) - min(lons)) / 2 + MARGIN
    lat_middle = (max(lats) + min(lats)) / 2
    lat_half = max(HALF_SPAN, (max(lats) - min(lats)) / 2 + MARGIN, lon_half * _cos(lat_middle) / MAX_ASPECT)
    south, north = _clamped(lat_middle, lat_half, -90.0, 90.0)
    stretch = 1 / _cos((south + north) / 2)
    lon_half = max(lon_half, (north - south) / 2 * stretch)
    west, east = _clamped((max(lons) + min(lons)) / 2, lon_half, -180.0, 180.0)
    return Extent(west, south, east, north)


@dataclass(frozen=True)
class Projection:
    """Equirectangular, the standard parallel at the extent's middle latitude, onto a
    ``width`` × ``height`` picture (y downwards, as in SVG)."""

    extent: Extent
    width: float
    height: float

    @classmethod
    def of(cls, extent: Extent, width: float = WIDTH) -> Projection:
        e = extent
        ground_width = (e.east - e.west) * _cos((e.south + e.north) / 2)
        return cls(extent, width, round(width * (e.north - e.south) / ground_width, 1))

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        e = self.extent
        x = (lon - e.west) / (e.east - e.west) * self.width
        y = (e.north - lat) / (e.north - e.south) * self.height
        return x, y


# -- the outlines ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    points: tuple[LonLat, ...]
    box: Extent


@dataclass(frozen=True)
class _Outlines:
    land: tuple[tuple[_Line, ...], ...]  # polygons, each its rings (the first the outer one)
    borders: tuple[_Line, ...]


def _decoded(numbers: list[int], unit: float) -> _Line:
    """A line stored as its first point then the differences, in ``unit`` degrees."""
    x = y = 0
    points = []
    for i in range(0, len(numbers) - 1, 2):
        x, y = x + numbers[i], y + numbers[i + 1]
        points.append((x * unit, y * unit))
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return _Line(tuple(points), Extent(min(lons), min(lats), max(lons), max(lats)))


def _shifted(line: _Line, dlon: float) -> _Line:
    b = line.box
    return _Line(
        tuple((x + dlon, y) for x, y in line.points), Extent(b.west + dlon, b.south, b.east + dlon, b.north)
    )


def _on_the_plane(polygon: tuple[_Line, ...]) -> list[tuple[_Line, ...]]:
    """A polygon, and again 360° over where it runs past ±180° (across the antimeridian)."""
    box = polygon[0].box
    shifts = [0.0] + [360.0] * (box.west < -180) + [-360.0] * (box.east > 180)
    return [tuple(_shifted(ring, dlon) for ring in polygon) for dlon in shifts]


@cache
def _outlines() -> _Outlines:
    doc = json.loads((data_dir() / "natural-earth" / "land-110m.json").read_text(encoding="utf-8"))
    unit = float(doc["unit"])
    polygons = [tuple(_decoded(ring, unit) for ring in polygon) for polygon in doc["land"]]
    land = tuple(copy for polygon in polygons for copy in _on_the_plane(polygon))
    return _Outlines(land, tuple(_decoded(line, unit) for line in doc["borders"]))


# -- clipping (in degrees, to the extent and a little beyond) ---------------------------------------


def _clip_ring(ring: Sequence[LonLat], box: Extent) -> list[LonLat]:
    """Sutherland–Hodgman: the part of a ring inside ``box`` (a ring stays a ring, along its edges)."""
    out = list(ring)
    for axis, bound, above in (
        (0, box.west, True),
        (0, box.east, False),
        (1, box.south, True),
        (1, box.north, False),
    ):
        points, out = out, []
        for i, p in enumerate(points):
            q = points[i - 1]
            if _inside(p, axis, bound, above):
                if not _inside(q, axis, bound, above):
                    out.append(_crossing(q, p, axis, bound))
                out.append(p)
            elif _inside(q, axis, bound, above):
                out.append(_crossing(q, p, axis, bound))
    return out


def _inside(p: LonLat, axis: int, bound: float, above: bool) -> bool:
    return p[axis] >= bound if above else p[axis] <= bound


def _crossing(a: LonLat, b: LonLat, axis: int, bound: float) -> LonLat:
    """Where the segment ``a``–``b`` crosses ``bound`` on ``axis`` (0 longitude, 1 latitude)."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    if axis == 0:
        return bound, a[1] + t * (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), bound


def _clip_segment(a: LonLat, b: LonLat, box: Extent) -> tuple[LonLat, LonLat] | None:
    """Liang–Barsky: the part of the segment ``a``–``b`` inside ``box``, if any."""
    (x0, y0), (dx, dy) = a, (b[0] - a[0], b[1] - a[1])
    start, end = 0.0, 1.0
    for step, room in (
        (-dx, x0 - box.west),
        (dx, box.east - x0),
        (-dy, y0 - box.south),
        (dy, box.north - y0),
    ):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0:
            start = max(start, t)
        else:
            end = min(end, t)
    if start > end:
        return None
    return (x0 + start * dx, y0 + start * dy), (x0 + end * dx, y0 + end * dy)


def _clip_line(line: Sequence[LonLat], box: Extent) -> list[list[LonLat]]:
    """The stretches of a line inside ``box``, cut where they cross its edges."""
    runs: list[list[LonLat]] = []
    for a, b in pairwise(line):
        part = _clip_segment(a, b, box)
        if part is None:
            continue
        if runs and runs[-1][-1] == part[0]:
            runs[-1].append(part[1])
        else:
            runs.append(list(part))
    return runs


# -- the SVG -----------------------------------------------------------------------------------------


def _path(lines: Sequence[Sequence[LonLat]], project: Projection, closed: bool) -> str:
    parts = []
    for line in lines:
        xy = [project(lat, lon) for lon, lat in line]
        d = "L".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f"M{d}{'Z' if closed else ''}")
    return "".join(parts)


def _land_path(project: Projection) -> str:
    box = project.extent.padded(_CLIP_PAD)
    rings = [
        clipped
        for polygon in _outlines().land
        if box.meets(polygon[0].box)
        for ring in polygon
        if box.meets(ring.box) and len(clipped := _clip_ring(ring.points, box)) > 2
    ]
    return _path(rings, project, closed=True)


def _border_path(project: Projection) -> str:
    box = project.extent.padded(_CLIP_PAD)
    runs = [
        run for line in _outlines().borders if box.meets(line.box) for run in _clip_line(line.points, box)
    ]
    return _path(runs, project, closed=False)


def degrees(marker: Marker) -> str:
    """``latitude, longitude`` in decimal degrees, to about ten metres."""
    return f"{marker.lat:.4f}, {marker.lon:.4f}"


def svg(markers: Sequence[Marker]) -> str:
    """The map: sea, land, country borders and a dot for each marker, centred on the markers."""
    project = Projection.of(extent_around([(m.lat, m.lon) for m in markers]))
    w, h = project.width, project.height
    dots = []
    for m in markers:
        x, y = project(m.lat, m.lon)
        title = escape(f"{m.label}: {degrees(m)}")
        dots.append(
            f'<circle class="marker" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#c62828" stroke="#fff" '
            f'stroke-width="1.5"><title>{title}</title></circle>'
        )
    label = escape("Map of " + "; ".join(f"{m.label} ({degrees(m)})" for m in markers))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="locator" viewBox="0 0 {w:g} {h:g}" width="{w:g}" '
        f'height="{h:g}" role="img" aria-label="{label}"><rect width="{w:g}" height="{h:g}" fill="#dbe7f0"/>'
        f'<path d="{_land_path(project)}" fill="#f2efe4" stroke="#8c8c84" stroke-width=".7" '
        f'fill-rule="evenodd"/><path d="{_border_path(project)}" fill="none" stroke="#a59f90" '
        f'stroke-width=".6" stroke-dasharray="3 2"/>{"".join(dots)}</svg>'
    )


def figure(markers: Sequence[Marker]) -> str:
    """The map and its caption (each marker's place and ``lat, lon``), or a plain word that there are
    no coordinates."""
    if not markers:
        return '<span class="meta">no coordinates</span>'
    caption = "<br>".join(f"{escape(m.label)}: {degrees(m)}" for m in markers)
    return (
        f'<figure class="map">{svg(markers)}<figcaption>{caption} <span class="meta">(lat, lon; '
        f"outlines: Natural Earth)</span></figcaption></figure>"
    )
