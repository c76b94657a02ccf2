"""The link table: our entities and classes -> verified Wikidata items (``data/wikidata_links.tsv``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from sevare_kg.errors import GazetteerError

QID_RE = re.compile(r"Q[1-9][0-9]*")
# Wars were ``war/<slug>`` before they shared the event namespace (a war is an event, and an
# article about a war describes the node other articles' part-of statements point to): link
# tables written then still apply.
_FORMER_PREFIXES = {"war/": "event/"}


def _current_id(ident: str) -> str:
    for old, new in _FORMER_PREFIXES.items():
        if ident.startswith(old):
            return new + ident[len(old) :]
    return ident


@dataclass(frozen=True)
class Link:
    id: str
    qid: str
    label: str
    source: str


@dataclass
class Links:
    by_id: dict[str, Link] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Links:
        links = cls()
        try:
            handle = path.open(encoding="utf-8", newline="")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read link table: {exc.strerror or exc}") from None
        with handle:
            rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
            header = next(rows, None)
            if header != ["id", "qid", "label", "source"]:
                raise GazetteerError(
                    f"{path}: header must be 'id qid label source' (tab-separated), got {header}"
                )
            for n, row in enumerate(rows, start=2):
                if not any(row):
                    continue
                if len(row) != 4:
                    raise GazetteerError(f"{path}: row {n} has {len(row)} columns, expected 4")
                ident, qid, label, source = (c.strip() for c in row)
                ident = _current_id(ident)
                if not QID_RE.fullmatch(qid):
                    raise GazetteerError(f"{path}: row {n}: {qid!r} is not a Wikidata item id like Q912")
                if not source:
                    raise GazetteerError(f"{path}: row {n}: a link needs the public source that verifies it")
                links.by_id[ident] = Link(ident, qid, label, source)
        return links

    def qid(self, ident: str) -> str | None:
        link = self.by_id.get(ident)
        return link.qid if link else None


def user_links_path() -> Path:
    """The user link table that ``sevare-kg link --apply`` appends to: ``$SEVARE_KG_LINKS``, else
    ``./.sevare-kg/links-accepted.tsv`` (beside the default store)."""
    from sevare_kg import settings

    return settings.current().links or Path(".sevare-kg/links-accepted.tsv")


def shipped_links() -> Links:
    """The link table shipped with the package (``data/wikidata_links.tsv``) alone: what a
    :class:`~sevare_kg.rdf.mapper.MapperConfig` holds by default, whatever the cwd or environment."""
    return Links.load(default_links_path())


def shipped_and_user_links() -> Links:
    """The shipped table, then the user's table of links accepted with ``sevare-kg link --apply``
    (``$SEVARE_KG_LINKS``, else ``./.sevare-kg/links-accepted.tsv``) when it exists: what the command
    line and :class:`~sevare_kg.api.KnowledgeGraph` map with. A user row never overrides a shipped one."""
    links = shipped_links()
    user = user_links_path()
    if user.is_file():
        for ident, link in Links.load(user).by_id.items():
            links.by_id.setdefault(ident, link)
    return links


def default_links_path() -> Path:
    from sevare_kg.resources import data_dir

    return data_dir() / "wikidata_links.tsv"
