"""Cells of an adverse-event table row, whether it arrives tab-separated or flattened to spaces.

A flattened row is "Hypertension 9 (15.0) 2 (3.3)": the event name, then count (percent)
cells.  A flattened header is "Toxicity Grade 1-2, n (%) Grade ≥3, n (%)": the cells
begin at each column head (a grade, "any grade", "all grades", "total").
"""

from __future__ import annotations

import re
from typing import Final

from .. import fastre

_CELL: Final = r"\d+\s*\(\s*\d+(?:\.\d+)?\s*%?\s*\)"
_ROW: Final = fastre.compile(rf"^(?P<name>\S.*?)\s+(?P<cells>{_CELL}(?:\s+{_CELL})*)\s*$")
_CELL_RX: Final = fastre.compile(_CELL)
_HEAD: Final = fastre.compile(r"\b(?:(?:any|all)[- ]grades?|grade\s*(?:≥|>=|>)?\s*(?:[1-5]|iv|v|i{1,3})"
                       r"(?:\s*(?:-|–|/|to|or|and)\s*(?:[1-5]|iv|v|i{1,3}))?(?!\w)|total)", re.I)


def table_cells(text: str) -> list[str]:
    """The row's cells: split on tabs, else on its count cells or its column heads."""
    if "\t" in text:
        return text.split("\t")
    m = _ROW.match(text)
    if m:
        return [m.group("name")] + _CELL_RX.findall(m.group("cells"))
    heads = list(_HEAD.finditer(text))
    if heads and heads[0].start() > 0:
        bounds = [h.start() for h in heads] + [len(text)]
        return [text[:bounds[0]].strip()] + [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return [text]
