"""fastre: the first-character lookahead never changes what a pattern matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from graph_builder import fastre
from graph_builder.recognise.outcomes import _RESPONSE_PATTERNS
from graph_builder.relate.clauses import ADMIN_CUE, GENERAL, STRONG_ADMIN, TRIAL_DESCRIPTION

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("pattern", "flags", "head"), [
    (r"\b(?:given|received)\b", re.I, "[gr]"),
    (r"(?<![\w-])CR(?![\w-])", 0, "[C]"),
    (r"(?:a|b)?c", 0, "[abc]"),            # an optional head adds what follows
    (r"\d+\s*mg", 0, r"[\d]"),
    (r"x*", 0, None),                      # can match empty: no lookahead
    (r"\w+ectomy", re.I, None),            # \w bounds nothing
    (r"[^a]b", 0, None),                   # a negated class bounds nothing
    (r"(?i)abc", 0, None),                 # global inline flags stay first
    (r"(?-i:A)b", re.I, None),             # a local case switch: left alone
])
def test_first_chars(pattern: str, flags: int, head: str | None) -> None:
    assert fastre.first_chars(pattern, flags) == head


@pytest.mark.parametrize(("pattern", "flags", "skips"), [
    (r"^\s*(?:which|that)\b", re.I, True),     # anchored: re tries one position
    (r"^\s*(?:which|that)\b", re.M, False),    # at every line start: not anchored
    (r"\(\s*n\s*=\s*\d+\)", re.I, True),       # a literal first character
    (r"[.;,]\s*$", 0, True),                   # a first-character set re finds itself
    (r";\s*|,\s+and\s+", 0, True),              # ... also of an alternation
    (r"\b(?:given|received)\b", re.I, False),  # \b first: re scans every position
    (r"[a-z]+ib\b", re.I, False),              # cased letters under IGNORECASE: no set
    (r"\d*x", 0, False),                       # no prefix analysis past a repeat
])
def test_re_skips_fast(pattern: str, flags: int, skips: bool) -> None:
    assert fastre.re_skips_fast(pattern, flags) is skips
    compiled = fastre.compile(pattern, flags)
    assert (compiled.pattern == pattern) is (skips or fastre.first_chars(pattern, flags) is None)


def _texts() -> list[str]:
    docs = sorted((ROOT / "examples" / "docs").glob("*"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs if p.is_file())
    rng = random.Random(3)
    alphabet = "aAcCdDgGpPrRsS KkſıİK-–;,.()0123456789\u212a"
    noise = ["".join(rng.choice(alphabet) for _ in range(200)) for _ in range(50)]
    return [text, *noise]


PATTERNS = [(rx, re.I) for _, _, rx in _RESPONSE_PATTERNS] + [
    (p.pattern.split(")(?:", 1)[1][:-1] if p.pattern.startswith("(?=") else p.pattern, p.flags)
    for p in (ADMIN_CUE, STRONG_ADMIN, GENERAL, TRIAL_DESCRIPTION)
] + [(r"\b(?:[Cc]ould|may|[Ii]f)\b", 0), (r"(?P<v>\d+(?:\.\d+)?)\s*(?P<u>days?|months?)\b", re.I)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_same_matches_as_re(pattern: str, flags: int) -> None:
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags & ~re.UNICODE)
    assert fast.pattern != plain.pattern or fastre.first_chars(pattern, flags) is None or fastre.re_skips_fast(pattern, flags)
    assert fast.groupindex == plain.groupindex and fast.groups == plain.groups
    for text in _texts():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]
