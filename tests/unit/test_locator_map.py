"""The event pages' locator map: the extent around the point(s), the equirectangular projection, and
the shipped Natural Earth outlines drawn clipped to the picture (no ring across the antimeridian)."""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sevare_kg.resources import data_dir
from sevare_kg.server import locator_map as lm

LAND = data_dir() / "natural-earth" / "land-110m.json"


def _inside(projection: lm.Projection, lat: float, lon: float) -> bool:
    x, y = projection(lat, lon)
    return 0 <= x <= projection.width and 0 <= y <= projection.height


def test_a_point_on_the_equator_is_the_middle_of_30_degrees_each_way() -> None:
    extent = lm.extent_around([(0.0, 0.0)])
    assert extent == lm.Extent(-15.0, -15.0, 15.0, 15.0)
    p = lm.Projection.of(extent)
    assert (p.width, p.height) == (360, 360)
    assert p(0, 0) == (180, 180)
    assert p(15, -15) == (0, 0) and p(-15, 15) == (360, 360)


def test_in_the_north_a_degree_of_longitude_is_narrower() -> None:
    # at 60° N a degree of longitude is half as long as one of latitude: twice as many are shown
    extent = lm.extent_around([(60.0, 10.0)])
    assert (extent.south, extent.north) == (45.0, 75.0)
    assert extent.east - extent.west == pytest.approx(60.0 / math.cos(math.radians(60)) / 2)
    p = lm.Projection.of(extent)
    assert p.height == pytest.approx(p.width, abs=0.1)  # as tall as wide on the ground
    assert p(60.0, 10.0) == pytest.approx((p.width / 2, p.height / 2))


def test_the_extent_is_clamped_at_the_poles_and_the_antimeridian() -> None:
    north = lm.extent_around([(89.0, 10.0)])
    assert north.north == 90.0 and north.south == 60.0
    east = lm.extent_around([(0.0, 179.0)])
    assert east.east == 180.0 and east.west == 150.0
    west = lm.extent_around([(-85.0, -179.5)])
    assert (west.south, west.west) == (-90.0, -180.0)
    for extent, (lat, lon) in [(north, (89.0, 10.0)), (east, (0.0, 179.0)), (west, (-85.0, -179.5))]:
        assert _inside(lm.Projection.of(extent), lat, lon)


def test_points_far_apart_widen_the_map_to_the_whole_world_at_most() -> None:
    extent = lm.extent_around([(70.0, -170.0), (-70.0, 170.0)])
    assert extent == lm.Extent(-173.0, -86.5, 173.0, 86.5)  # 3° beyond them, half as tall as wide
    assert lm.extent_around([(70.0, -178.0), (-70.0, 178.0)]) == lm.Extent(-180.0, -90.0, 180.0, 90.0)


@given(
    st.lists(
        st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)),
        min_size=1,
        max_size=4,
    )
)
def test_every_point_maps_inside_the_view_box(points: list[tuple[float, float]]) -> None:
    extent = lm.extent_around(points)
    assert -180 <= extent.west < extent.east <= 180 and -90 <= extent.south < extent.north <= 90
    assert extent.north - extent.south >= 2 * lm.HALF_SPAN
    p = lm.Projection.of(extent)
    assert p.height > 0
    for lat, lon in points:
        x, y = p(lat, lon)
        assert -1e-6 <= x <= p.width + 1e-6 and -1e-6 <= y <= p.height + 1e-6


def test_no_points_is_an_error_of_the_caller() -> None:
    with pytest.raises(ValueError):
        lm.extent_around([])


def test_the_shipped_outlines_are_small_and_natural_earths() -> None:
    assert LAND.stat().st_size < 100_000
    doc = json.loads(LAND.read_text(encoding="utf-8"))
    assert "Natural Earth" in doc["source"] and "public domain" in doc["licence"]
    assert len(doc["land"]) > 100 and len(doc["borders"]) > 300
    assert (LAND.parent / "README.md").read_text(encoding="utf-8").count("Natural Earth") >= 2


def _path_points(svg: str) -> list[tuple[float, float]]:
    paths = re.findall(r'<path d="([^"]*)"', svg)
    return [(float(x), float(y)) for d in paths for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


@pytest.mark.parametrize(
    "marker",
    [
        lm.Marker(12.60915, -7.97522, "Bamako"),
        lm.Marker(-17.8, 178.0, "Suva"),  # Fiji's rings cross the antimeridian
        lm.Marker(64.7, -177.5, "Anadyr"),  # so does Eurasia's, at Chukotka
        lm.Marker(-77.8, 166.7, "McMurdo Station"),  # Antarctica's ring goes round the pole
    ],
)
def test_the_outlines_are_clipped_to_the_map_and_never_cross_it(marker: lm.Marker) -> None:
    svg = lm.svg([marker])
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    points = _path_points(svg)
    assert len(points) > 20  # some land is near each
    # clipped a degree beyond the edges (about 12 px here), never further
    assert all(-15 <= x <= width + 15 and -15 <= y <= height + 15 for x, y in points)
    # and no outline's segment runs across the map (a ring drawn the wrong way round the world would)
    for d in re.findall(r'<path d="([^"]*)"', svg):
        for sub in d.split("M")[1:]:
            xy = [tuple(map(float, pair)) for pair in re.findall(r"(-?[\d.]+),(-?[\d.]+)", sub)]
            inside = [
                abs(x1 - x0) for (x0, y0), (x1, y1) in pairwise(xy) if 0 < y0 < height and 0 < y1 < height
            ]
            assert max(inside, default=0) < width / 2, marker.label


def test_a_page_without_points_says_it_has_no_coordinates() -> None:
    assert lm.figure([]) == '<span class="meta">no coordinates</span>'


def test_the_caption_says_lat_lon_and_the_label_escaped() -> None:
    html = lm.figure([lm.Marker(14.4962, -4.1045, "<Sévaré>")])
    assert "<figcaption>&lt;Sévaré&gt;: 14.4962, -4.1045 " in html and "(lat, lon" in html
    assert "<Sévaré>" not in html


def _row(rank: int, wkt: str, label: str | None = None) -> dict[str, dict[str, str]]:
    row = {"rank": {"type": "literal", "value": str(rank)}, "wkt": {"type": "literal", "value": wkt}}
    if label:
        row["placeLabel"] = {"type": "literal", "value": label}
    return row


def test_an_events_own_point_wins_over_its_places_and_is_named_by_them() -> None:
    from sevare_kg.server.pages import EventFacts, event_markers

    facts = EventFacts(
        sections={"when-where": [{"placeLabel": {"type": "literal", "value": "Sévaré"}}]},
        points=[_row(0, "POINT(-4.1 14.5)"), _row(1, "POINT(-7.97522 12.60915)", "Bamako")],
    )
    assert event_markers(facts) == [lm.Marker(14.5, -4.1, "Sévaré")]


def test_places_points_are_each_marked_once_and_bad_ones_left_off() -> None:
    from sevare_kg.server.pages import EventFacts, event_markers

    facts = EventFacts(
        points=[
            _row(1, "POINT(112.75083 -7.24917)", "Surabaya"),
            _row(2, "POINT(112.75083 -7.24917)", "Surabaya"),  # also the holder of another place
            _row(1, "POINT(abc def)", "Nowhere"),
            _row(1, "POINT(200 95)", "Off the world"),
            _row(2, "POINT(112.7183 -7.4478)", "Sidoarjo"),
        ]
    )
    assert event_markers(facts) == [
        lm.Marker(-7.24917, 112.75083, "Surabaya"),
        lm.Marker(-7.4478, 112.7183, "Sidoarjo"),
    ]
    assert event_markers(EventFacts()) == []
