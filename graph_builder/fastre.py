"""Regular expressions that fail fast at positions where they cannot start.

Python's ``re`` tries a pattern at every position of the text.  For a
case-insensitive alternation of cue words (``\\b(?:received|given|...)``)
that means trying every alternative, with case folding, at every
character — most of the cost of recognising a sentence.  The set of
characters a match can begin with is known from the parsed pattern, so
``compile`` prefixes the pattern with a lookahead on that set: one
character-class test rejects almost every position.  The lookahead is a
necessary condition of the original pattern, compiled with the same
flags, so matches are exactly those of ``re.compile(pattern, flags)``.

Where ``re`` already skips impossible positions cheaply the lookahead only
costs: a pattern anchored at the start (``^...``) is tried at one position
by ``re`` but, behind a lookahead, at every one; a literal prefix or a
first-character set that ``re`` finds itself is scanned for in C.  Those
patterns are compiled as they are (see ``re_skips_fast``).
"""

from __future__ import annotations

import re
from re import _compiler as K  # noqa: N812 - its prefix analysis
from re import _constants as C  # noqa: N812 - the sre opcodes
from re import _parser as P  # noqa: N812

__all__ = ["compile", "first_chars", "re_skips_fast"]

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH_ASSERT = (C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


class _Unknown(Exception):
    """The first characters cannot be bounded usefully: keep the pattern as it is."""


def _item_first(op, av) -> tuple[set[str], bool]:
    """(class items a match of this node can start with, whether the node can match empty)."""
    if op is C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is C.IN:
        out = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                out.add(re.escape(chr(iav)))
            elif iop is C.RANGE:
                out.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
            elif iop is C.CATEGORY and iav in _CATEGORIES:
                out.add(_CATEGORIES[iav])
            else:  # negated sets, \w, \W, \S...: almost any character
                raise _Unknown
        return out, False
    if op is C.AT:
        return set(), True
    if op in _ZERO_WIDTH_ASSERT:
        return set(), True
    if op is C.BRANCH:
        out, nullable = set(), False
        for alt in av[1]:
            s, n = _seq_first(alt)
            out |= s
            nullable = nullable or n
        return out, nullable
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            raise _Unknown
        return _seq_first(sub)
    if op in _REPEATS:
        lo, _hi, sub = av
        s, n = _seq_first(sub)
        return s, n or lo == 0
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq_first(av)
    raise _Unknown


def _seq_first(seq) -> tuple[set[str], bool]:
    out: set[str] = set()
    for op, av in seq:
        s, nullable = _item_first(op, av)
        out |= s
        if not nullable:
            return out, False
    return out, True


def first_chars(pattern: str, flags: int = 0, parsed: P.SubPattern | None = None) -> str | None:
    """A character class every match of ``pattern`` starts with, or None when there is no useful one.

    ``parsed`` is ``pattern`` already parsed with ``flags`` (parsing a large trie costs more than the rest).
    """
    if _GLOBAL_FLAGS.match(pattern):
        return None
    try:
        items, nullable = _seq_first(parsed if parsed is not None else P.parse(pattern, flags))
    except _Unknown:
        return None
    if nullable or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


def re_skips_fast(pattern: str, flags: int = 0, parsed: P.SubPattern | None = None) -> bool:
    """Whether ``re`` itself rejects most start positions of ``pattern`` as cheaply as a lookahead would.

    True for a pattern anchored at the start of the text (tried at one position), one that starts
    with a literal character (one test per position, without the lookahead's overhead), and one for
    which ``re`` computes a literal prefix or a set of first characters (searched for in C).
    """
    if _GLOBAL_FLAGS.match(pattern):
        return False
    if parsed is None:
        parsed = P.parse(pattern, flags)
    if not parsed.data:
        return False
    op, av = parsed.data[0]
    if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING) and not flags & re.MULTILINE:
        return True
    if op is C.LITERAL:
        return True
    if parsed.getwidth()[0] == 0:
        return False  # re looks for no prefix in a pattern that can match empty
    try:
        prefix, _skip, _all = K._get_literal_prefix(parsed, flags)
        return bool(prefix) or bool(K._get_charset_prefix(parsed, flags))
    except (AttributeError, TypeError, ValueError):  # another Python's internals: keep the lookahead
        return False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - mirrors re.compile
    """``re.compile`` with a first-character lookahead when one can be derived and ``re`` does not skip as fast."""
    if _GLOBAL_FLAGS.match(pattern):
        return re.compile(pattern, flags)
    parsed = P.parse(pattern, flags)  # once, for both analyses: module imports compile hundreds of patterns
    head = first_chars(pattern, flags, parsed)
    if head is None or re_skips_fast(pattern, flags, parsed):
        return re.compile(pattern, flags)
    return re.compile(f"(?={head})(?:{pattern})", flags)
