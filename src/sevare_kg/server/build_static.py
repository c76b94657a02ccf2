"""Refresh the bundled YASGUI from its npm package (run by hand, or by CI to check the bundle).

    python -m sevare_kg.server.build_static          # fetch @zazuko/yasgui@VERSION, copy dist files
    python -m sevare_kg.server.build_static --check  # fail if the committed files differ

Needs ``npm`` (only ``npm pack``: nothing is installed, no CDN at run time).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
FILES = {
    "package/build/yasgui.min.js": "yasgui.min.js",
    "package/build/yasgui.min.css": "yasgui.min.css",
}
SHA256 = {
    "yasgui.min.js": "55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75",
    "yasgui.min.css": "085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55",
}
STATIC = Path(__file__).resolve().parent / "static"


def fetch(dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tgz,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tgz) as tar:
            for member, name in FILES.items():
                src = tar.extractfile(member)
                assert src is not None
                with open(dest / name, "wb") as out:
                    shutil.copyfileobj(src, out)


def check(directory: Path) -> list[str]:
    bad = []
    for name, digest in SHA256.items():
        path = directory / name
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify the committed files against npm")
    args = ap.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fetch(Path(tmp))
            if check(Path(tmp)):
                print(f"npm {PACKAGE}@{VERSION} does not match the pinned digests", file=sys.stderr)
                return 1
        bad = check(STATIC)
        if bad:
            print(f"static files differ from {PACKAGE}@{VERSION}: {', '.join(bad)}", file=sys.stderr)
            return 1
        print(f"static/ matches {PACKAGE}@{VERSION}")
        return 0
    fetch(STATIC)
    bad = check(STATIC)
    if bad:
        print(f"warning: digests differ from the pinned ones: {', '.join(bad)}", file=sys.stderr)
    print(f"copied {PACKAGE}@{VERSION} into {STATIC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
