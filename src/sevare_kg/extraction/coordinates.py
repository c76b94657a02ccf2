"""Coordinates as an infobox ``Coordinates`` value writes them, read into (latitude, longitude).

The common forms: decimal degrees ("14.4843, -4.1826", "14.4843°N 4.1826°W"), degrees, minutes and
seconds with a hemisphere ("14°29′03″N 4°10′57″W", "14 29 3 N 4 10 57 W"), and leftovers of the
``{{coord|…}}`` template ("{{coord|14|29|N|4|10|W|type:city}}", "coord|14.48|-4.18"). A value
that states no coordinates ("(Regjeringkvartalet)", as the plain-text export leaves a stripped
template) gives ``None``. Knows nothing of RDF.
"""

from __future__ import annotations

import re

from sevare_kg.errors import ValueGrammarError

_NUMBER = r"[-+−]?\d+(?:\.\d+)?"
# one axis: degrees, optional minutes and seconds, optional hemisphere letter
_AXIS_RE = re.compile(
    rf"(?P<deg>{_NUMBER})\s*(?:°|º|\bdeg\b|\s|\|)?\s*"
    rf"(?:(?P<min>\d+(?:\.\d+)?)\s*(?:′|'|’|\s|\|)\s*)?"
    rf"(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:″|\"|''|”|\s|\|)?\s*)?"
    r"(?P<hemi>[NSEW])?\b",
)
_TEMPLATE_RE = re.compile(r"\{*\s*coord\s*\|", re.I)
_TEMPLATE_PARAM_RE = re.compile(r"\|\s*[a-z_]+\s*[:=][^|}]*", re.I)


def parse_coordinates(value: str) -> tuple[float, float] | None:
    """(latitude, longitude) in decimal degrees, or ``None`` when the value states none.

    Raises :class:`ValueGrammarError` for coordinates out of range (a latitude beyond 90°)."""
    text = _TEMPLATE_RE.sub(" ", value)
    text = _TEMPLATE_PARAM_RE.sub(" ", text).replace("}", " ").replace("|", " ")
    text = text.replace("−", "-")
    axes = [m for m in _AXIS_RE.finditer(text) if m.group("deg")]
    if len(axes) < 2:
        return None
    lat_match, lon_match = _pair(axes)
    lat, lon = _degrees(lat_match), _degrees(lon_match)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueGrammarError("coordinates", value, f"out of range (latitude {lat:g}, longitude {lon:g})")
    return round(lat, 6), round(lon, 6)


_SECONDS = r"(?:\s*\d+(?:\.\d+)?\s*(?:″|\"|''|”))?"
_MINUTES = r"(?:\s*\d+(?:\.\d+)?\s*(?:′|'|’))?"


def _hemisphere_axis(letters: str) -> str:
    return rf"\d+(?:\.\d+)?\s*°{_MINUTES}{_SECONDS}\s*[{letters}]\b"


_POINT = (
    rf"(?:{_hemisphere_axis('NS')}\s*,?\s*{_hemisphere_axis('EW')}"
    r"|[-+−]?\d+\.\d+\s*[;,]\s*[-+−]?\d+\.\d+(?![\d.])"
    r"|\{*\s*coord\s*\|[^{}]*\}*)"
)
# "49°06′11″N 5°52′21″E / 49.103095°N 5.872536°E / 49.103095; 5.872536": one point written thrice
_POINT_RUN_RE = re.compile(rf"{_POINT}(?:\s*/\s*{_POINT})*", re.I)


def without_coordinates(value: str) -> str:
    """``value`` with each point it writes blanked out: "Gao, Mali 16.27°N 0.04°W" -> "Gao, Mali"."""
    return _POINT_RUN_RE.sub(" ", value).strip(" /;,")


def only_coordinates(value: str) -> bool:
    """True when ``value`` writes a point and nothing else ("49°06′11″N 5°52′21″E / 49.103095°N
    5.872536°E", "{{coord|14|29|N|4|10|W}}"): a Place value written so names no place."""
    if without_coordinates(value):
        return False
    try:
        return parse_coordinates(value) is not None
    except ValueGrammarError:
        return True  # out of range: still a point, and the Coordinates reading says what is wrong


def _pair(axes: list[re.Match[str]]) -> tuple[re.Match[str], re.Match[str]]:
    """The latitude and longitude among the axes read: by their hemisphere letters when written
    (N/S is the latitude), else the first two numbers in order."""
    lat = next((m for m in axes if m.group("hemi") in ("N", "S")), None)
    lon = next((m for m in axes if m.group("hemi") in ("E", "W")), None)
    if lat is not None and lon is not None:
        return lat, lon
    return axes[0], axes[1]


def _degrees(m: re.Match[str]) -> float:
    degrees = float(m.group("deg"))
    minutes = float(m.group("min") or 0)
    seconds = float(m.group("sec") or 0)
    sign = -1.0 if degrees < 0 or m.group("hemi") in ("S", "W") else 1.0
    return sign * (abs(degrees) + minutes / 60 + seconds / 3600)
