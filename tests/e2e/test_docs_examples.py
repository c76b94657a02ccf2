"""Every Python example of the README and the docs site runs, as written: plain blocks are run
(against a real server where they name the endpoint), ``>>>`` blocks are doctests whose printed
output must match. A changed API or output breaks this test, not the reader."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest
from server_support import server  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _examples() -> list[tuple[str, int, str]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((page.relative_to(ROOT).as_posix(), line, m.group(1)))
    return out


EXAMPLES = _examples()


def test_the_docs_have_python_examples() -> None:
    assert len(EXAMPLES) >= 4, EXAMPLES


@pytest.mark.parametrize(("page", "line", "code"), EXAMPLES, ids=[f"{p}:{n}" for p, n, _ in EXAMPLES])
def test_python_example_runs(page: str, line: int, code: str, tmp_path: Path, request) -> None:
    if "127.0.0.1:7878" in code:  # an example against the endpoint: a real server on a free port
        srv = request.getfixturevalue("server")
        code = code.replace("http://127.0.0.1:7878", srv.url)
    code = code.replace("/tmp/kg", str(tmp_path / "kg"))
    cwd = os.getcwd()
    os.chdir(tmp_path)  # examples that write files write them here
    try:
        if code.lstrip().startswith(">>>"):
            import pandas as pd

            # a notebook shows every column of a frame; a terminal of 80 columns would not
            pd.set_option("display.max_columns", None)
            pd.set_option("display.width", 200)
            test = doctest.DocTestParser().get_doctest(code, {}, f"{page}:{line}", page, line)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
            runner.run(test, out=lambda s: pytest.fail(f"{page}:{line}: example output differs\n{s}"))
            assert runner.failures == 0
        else:
            exec(compile(code, f"{page}:{line}", "exec"), {"__name__": "__docs__"})
    finally:
        os.chdir(cwd)
