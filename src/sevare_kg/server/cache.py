"""Result cache: (query, dataset, media types) → serialized bytes, answered on the event loop.

The store only changes through this server's writes (workers read a snapshot opened after the last
write), so an entry stays valid until the next write, which clears everything and bumps the
generation. The ETag is derived from the key and the generation: a client's ``If-None-Match`` can be
answered with 304 before running anything, with or without the cache.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    body: bytes
    media_type: str
    etag: str
    size: int  # the body's bytes plus the key's characters: what the budget counts


class ResultCache:
    def __init__(
        self,
        enabled: bool = True,
        max_bytes: int = 256 * 1024 * 1024,
        max_entry: int = 16 * 1024 * 1024,
        max_key: int = 64 * 1024,
    ) -> None:
        self.enabled = enabled
        self.max_bytes = max_bytes  # bodies and keys together
        self.max_entry = max_entry
        self.max_key = max_key  # a key (query text, graph IRIs, media types) over this is not cached
        self.size = 0
        self.generation = 0
        self.epoch = os.urandom(4).hex()  # a restart may follow an offline rebuild: new ETags
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()

    def etag(self, key: tuple) -> str:
        h = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
        return f'"{self.epoch}-{self.generation}-{h}"'

    def get(self, key: tuple) -> Entry | None:
        if not self.enabled:
            return None
        e = self._entries.get(key)
        if e is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return e

    def put(self, key: tuple, generation: int, body: bytes, media_type: str, etag: str) -> None:
        if not self.enabled or generation != self.generation or len(body) > self.max_entry:
            return
        key_size = _size(key)
        if key_size > self.max_key:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old.size
        entry = Entry(body, media_type, etag, len(body) + key_size)
        self._entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self._entries:
            _, ev = self._entries.popitem(last=False)
            self.size -= ev.size

    def invalidate(self) -> None:
        self._entries.clear()
        self.size = 0
        self.generation += 1

    def __len__(self) -> int:
        return len(self._entries)


def _size(key: object) -> int:
    """Characters of a cache key: its strings (the query text, graph IRIs, media types) summed."""
    if isinstance(key, str):
        return len(key)
    if isinstance(key, (tuple, list)):
        return sum(_size(k) for k in key) + 8
    return 8
