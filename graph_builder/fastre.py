"""Regular expressions that are tried only where they can match: the same matches as ``re``, found sooner.

Python's ``re`` tries a pattern at every position of the text unless the
pattern begins with a literal or a character class.  A cue pattern
(``\\b(?:received|given|...)``, case-insensitive) begins with neither, so
it was tried, with case folding, at every character of every sentence:
most of the cost of recognising one.  ``compile`` removes that cost in
three ways, none of which changes what matches:

* **Start set.**  The characters a match can begin with are known from the
  parsed pattern (:func:`first_chars`).  They are given to ``re`` as its
  own first-character set (:func:`_with_start_set`), which ``re`` searches
  for in C, trying the pattern only where one is.  (Python's own
  ``re.compile`` derives such a set only for a pattern that starts with a
  class; a lookahead ``(?=[...])`` would say the same but is itself tried
  at every position — the fallback where this Python's compiler differs.)
* **Lower case.**  A case-insensitive pattern becomes a :class:`Folded`
  pattern: the same pattern, lower-cased the way ``re`` lower-cases it
  under IGNORECASE, run case-sensitively over the text's lower case
  (:func:`fold`); matches are then taken from the original pattern at the
  positions found, so groups hold the text as written.
* **Needles.**  Words one of which every match contains (:func:`needles`)
  are looked for with ``in`` first; a sentence without any is answered
  without scanning.  An alternation whose branches need different words
  is scanned with only the branches whose words the text holds.

Where ``re`` already skips impossible positions (a pattern anchored at the
start, or one with a literal prefix) the pattern is compiled as it is
(see :func:`re_skips_fast`).  ``tests/test_fastre.py`` compares every
kind against ``re`` on texts that include the characters case folding
treats specially (İ, ı, ſ, the Kelvin sign, final sigma, micro sign).
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections.abc import Callable, Iterator
from re import _compiler as K  # type: ignore[attr-defined]  # noqa: N812 - its prefix analysis
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812 - the sre opcodes
from re import _parser as P  # type: ignore[attr-defined]  # noqa: N812
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # the characters re.IGNORECASE adds to a lower case
from typing import Any, Final, TypeAlias, TypeVar

import _sre  # type: ignore[import-not-found]

from . import regex_cache
from .regex_cache import Code, from_code, tree_code

__all__ = ["Folded", "Headed", "Pattern", "compile", "first_chars", "fold", "holds_any", "needles", "plain", "re_skips_fast", "starting_with"]

Pattern: TypeAlias = "re.Pattern[str] | Folded | Headed"
"""What :func:`compile` returns: a ``re.Pattern``, or a :class:`Folded` or :class:`Headed` one (the same methods, the
same matches)."""

_CATEGORIES: Final = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH_ASSERT: Final = (C.ASSERT, C.ASSERT_NOT)
_REPEATS: Final = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
_GLOBAL_FLAGS: Final = re.compile(r"\(\?[aiLmsux]+\)")


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


def first_literals(pattern: str, flags: int = 0, asked_apart: frozenset[str] = frozenset({r"\d", r"\s"})) -> str:
    """The characters every match of ``pattern`` can start with, besides the classes the caller asks itself.

    For a hand-written gate that tests a text's first character before
    calling ``re`` (``segment/sections.py``): derived from the pattern, the
    gate follows it when a word is added.  ``asked_apart``: the classes the
    caller tests on its own (``str.isdecimal`` for ``\\d``; leading spaces
    skipped for ``\\s``).  A pattern whose first characters are not such a
    set (a range, another class, case folding, an empty match) raises
    ``ValueError`` at import rather than gate wrongly.
    """
    if flags & re.IGNORECASE or _GLOBAL_FLAGS.match(pattern):
        raise ValueError(f"first characters of {pattern!r}: flags change what they are")
    try:
        items, nullable = _seq_first(P.parse(pattern, flags))
    except _Unknown:
        items, nullable = set(), True
    if nullable or not items:
        raise ValueError(f"first characters of {pattern!r}: not a set of characters")
    out = []
    for item in sorted(items - asked_apart):
        char = item[1:] if item.startswith("\\") and len(item) == 2 and not item[1].isalnum() else item
        if len(char) != 1:
            raise ValueError(f"first characters of {pattern!r}: {item!r} is neither a character nor asked apart")
        out.append(char)
    return "".join(out)


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


R = TypeVar("R")
Recipe: TypeAlias = "tuple[Any, ...]"
"""How :func:`compile` made a pattern, as :mod:`.regex_cache` keeps it: ``("re", code)`` or
``("folded", code, folded code, needles, each branch's needles or None, heads)``."""


def _cached(key: tuple[Any, ...], make: Callable[[], Any], load: Callable[[Any], R]) -> R:
    """``load(make())``, with what ``make`` gives kept in :mod:`.regex_cache` under ``key`` for later processes.

    Both paths build the pattern from the same kept value, so a pattern read back is the one compiled.
    """
    kept = regex_cache.STORE.get(key)
    if kept is not None:
        try:
            return load(kept)
        except (RuntimeError, TypeError, ValueError, IndexError):  # code this Python rejects: compiled again, replaced
            pass
    made = make()
    regex_cache.STORE.put(key, made)
    return load(made)


def plain(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, kept in :mod:`.regex_cache`: for large patterns (vocabulary tries)."""
    return _cached(("re", pattern, int(flags)), lambda: tree_code(pattern, flags, P.parse(pattern, flags)), from_code)


def compile(pattern: str, flags: int = 0) -> Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile``, told which characters a match can start with when ``re`` cannot work that out itself.

    A case-sensitive pattern gets the set as ``re``'s own first-character set (:func:`_with_start_set`);
    a case-insensitive one comes back as a :class:`Folded` pattern (same methods, same matches).
    What was compiled is kept in :mod:`.regex_cache`, so later processes skip the parsing.
    """
    return _cached(("compile", pattern, int(flags)), lambda: _recipe(pattern, flags),
                   lambda recipe: _from_recipe(recipe, pattern, flags))


def _recipe(pattern: str, flags: int) -> Recipe:
    """What :func:`compile` makes of ``pattern``: the analyses below, done on one parse."""
    if _GLOBAL_FLAGS.match(pattern):
        return ("re", tree_code(pattern, flags, P.parse(pattern, flags)))
    parsed = P.parse(pattern, flags)  # once, for every analysis: module imports compile hundreds of patterns
    head = first_chars(pattern, flags, parsed)
    gate = head is not None and not re_skips_fast(pattern, flags, parsed)
    marks = _rare_marks(head) if head is not None and not flags & re.IGNORECASE else None
    if marks is not None and head is not None:
        fast = _with_start_set(pattern, flags, parsed, head)
        if fast is not None:
            return ("headed", fast, marks)
    if gate and head is not None and not flags & re.IGNORECASE:  # (gate implies a head)
        fast = _with_start_set(pattern, flags, parsed, head)
        if fast is not None:
            return ("re", fast)
    end = "\n" if flags & re.VERBOSE else ""  # (a verbose pattern's closing comment would swallow the parenthesis)
    source = f"(?={head})(?:{pattern}{end})" if gate else pattern
    code = _factored_code(source, flags, P.parse(source, flags) if gate else parsed)  # (the parse is
    # only read, so an ungated pattern's is used again)
    if not flags & re.IGNORECASE or flags & (re.LOCALE | re.ASCII) or parsed.getwidth()[0] == 0:
        # (a pattern that can match empty matches somewhere in every text, with no needles to skip it by, and
        # re's rule for empty matches - none right after one at the same place - cannot be re-enacted from
        # matches taken one position at a time: re's own pattern does it all)
        return ("re", code)
    lowered = _compile_folded(pattern, flags, parsed)
    return ("re", code) if lowered is None else ("folded", code, *lowered)


def _from_recipe(recipe: Recipe, pattern: str, flags: int) -> Pattern:
    if recipe[0] == "re":
        return from_code(recipe[1])
    if recipe[0] == "headed":
        return Headed(from_code(recipe[1]), recipe[2])
    _kind, code, low_code, found, alt_needles, head_words = recipe
    branches = None if alt_needles is None else _Branches(pattern, flags, alt_needles)
    return Folded(from_code(code), from_code(low_code), found, branches, head_words)


def _with_start_set(pattern: str, flags: int, parsed: P.SubPattern, head: str) -> Code | None:
    """``parsed`` compiled with ``head`` as the set of characters its matches start with.

    ``re`` keeps such a set for a pattern that begins with a character class, and its search
    then skips, in C, every position whose character is not in it, trying the pattern only where
    one is.  For a pattern that begins with ``\\b`` or a lookbehind (most cue patterns) ``re``
    derives no set and tries the whole pattern at every position; ``head``, the set
    :func:`first_chars` derives, is a necessary condition of any match, so giving it to ``re``
    changes where matching is tried, never what matches.  (A lookahead ``(?=[...])`` would say the
    same, but is itself tried at every position.)  Case-sensitive patterns only: ``re`` tests the
    set on the text's characters as they are.  Gives what ``_sre.compile`` takes (checked by
    compiling it once); None when this Python's compiler differs.
    """
    try:
        flags |= parsed.state.flags
        lo, hi = parsed.getwidth()
        if lo == 0:
            return None
        op, av = P.parse(head, 0).data[0]  # "[C]" parses as the literal C, "[CP]" as a class
        charset = _bitmap_set([(op, av)] if op is C.LITERAL else av)
        if len(charset) == 1 and charset[0][0] is C.LITERAL:
            # One character: given as a one-character prefix, which re looks for in a tight loop rather
            # than by a set test per character; a prefix skip of 0 has the whole pattern tried from it.
            code = [C.INFO, 0, K.SRE_INFO_PREFIX, min(lo, K.MAXCODE), min(hi, K.MAXCODE), 1, 0, charset[0][1], 0]
        else:
            code = [C.INFO, 0, K.SRE_INFO_CHARSET, min(lo, K.MAXCODE), min(hi, K.MAXCODE)]
            K._compile_charset(charset, flags, code)
        code[1] = len(code) - 1
        K._compile(code, _factored(parsed, flags).data, flags)
        code.append(C.SUCCESS)
        made = tree_code(pattern, flags, parsed, code)
        from_code(made)  # sre validates the code: a compiler that differs shows here, not at the first search
        return made
    except (AttributeError, TypeError, ValueError, IndexError, RuntimeError, re.error):
        return None


# ---------------------------------------------------------------------------------------------
# Alternations of words, factored by their first characters.
#
# ``re`` tries an alternation's branches one by one at each position it reaches: for a branch that
# begins with a literal it compares that character first, so a cue list of 27 words (the counts
# "one" to "ninety-nine") costs 27 comparisons wherever its pattern is tried, though at most the
# few branches that begin with the text's character can match there.  ``re``'s parser takes out a
# prefix only when *every* branch shares it.  Grouping the branches by their first character
# ("t(?:wenty|hirty|hree|en|welve|wo)|f(?:orty|ifty|our|ive)|...") leaves one comparison per
# distinct first character.  It changes nothing that matches: branches that begin with different
# characters cannot both match at one position, so regrouping them changes no order in which the
# branches that *can* match there are tried; within a group the branches keep their order.  Only a
# run of consecutive literal-led branches is regrouped (a branch led by anything else stays where
# it is, between the runs), and only where case is compared exactly (under IGNORECASE two
# different literals can match one character).


def _factored(seq: P.SubPattern, flags: int) -> P.SubPattern:
    """``seq`` with each alternation's literal-led branches grouped by first character (a new tree:
    ``seq`` is left as it is, since the analyses and :class:`_Branches` read it again)."""
    return _factored_seq(seq, bool((flags | seq.state.flags) & re.IGNORECASE))


def _factored_seq(seq: P.SubPattern, ignorecase: bool) -> P.SubPattern:
    return P.SubPattern(seq.state, [_factored_item(op, av, seq.state, ignorecase) for op, av in seq.data])


def _factored_item(op, av, state, ignorecase: bool):  # noqa: ANN001, ANN202 - sre parse items
    if op is C.BRANCH:
        alts = [_factored_seq(a, ignorecase) for a in av[1]]
        return op, (av[0], alts if ignorecase else _grouped(alts, state))
    if op is C.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return op, (group, add_flags, del_flags, _factored_seq(sub, inner))
    if op in _REPEATS:
        lo, hi, sub = av
        return op, (lo, hi, _factored_seq(sub, ignorecase))
    if op in _ZERO_WIDTH_ASSERT:
        direction, sub = av
        return op, (direction, _factored_seq(sub, ignorecase))
    if op is getattr(C, "ATOMIC_GROUP", None):
        return op, _factored_seq(av, ignorecase)
    return op, av  # (a conditional group's branches are left as written)


def _factored_code(pattern: str | None, flags: int, tree: P.SubPattern) -> Code:
    """What ``re`` would compile from ``tree``, with its alternations :func:`_factored`."""
    return tree_code(pattern, flags, _factored(tree, flags))


def _grouped(alts: list[P.SubPattern], state: P.State) -> list[P.SubPattern]:
    """The branches, each run of literal-led ones regrouped by first character (see above)."""
    out: list[P.SubPattern] = []
    i = 0
    while i < len(alts):
        j = i
        while j < len(alts) and alts[j].data and alts[j].data[0][0] is C.LITERAL:
            j += 1
        if j == i:
            out.append(alts[i])
            i += 1
            continue
        by_first: dict[int, list[P.SubPattern]] = {}
        for a in alts[i:j]:
            by_first.setdefault(a.data[0][1], []).append(a)
        for c, members in by_first.items():
            if len(members) == 1:
                out.append(members[0])
                continue
            rests = _grouped([P.SubPattern(state, m.data[1:]) for m in members], state)
            tail: list[tuple[Any, Any]]
            if all(len(r.data) == 1 and r.data[0][0] is C.LITERAL for r in rests):
                tail = [(C.IN, [r.data[0] for r in rests])]  # one character each: a set, as re's parser makes it
            elif len(rests) == 1:
                tail = list(rests[0].data)
            else:
                tail = [(C.BRANCH, (None, rests))]
            out.append(P.SubPattern(state, [(C.LITERAL, c), *tail]))
        i = j
    return out


# The ASCII members of the categories a start set can hold: what re's own \d and \s accept, read off re.
_ASCII_OF: Final = {cat: [c for c in range(128) if re.match(rx, chr(c))] for cat, rx in _CATEGORIES.items()}
_PAST_LATIN1: Final = (C.RANGE, (0x100, sys.maxunicode))


def _bitmap_set(items: list) -> list:
    """A start set's items as re tests them fastest: one bit per character, no category lookup.

    ``re`` tests a start set at every character of the text.  A category in it (``\\d``, ``\\s``)
    costs a Unicode-table lookup at each character the bitmap does not hold; here a category
    becomes its ASCII members and every character past ASCII.  The set only grows, and a start
    set only says where the whole pattern is tried, so what matches is unchanged; the text's
    characters are nearly all ASCII, and each is now one bit test.  (The characters past Latin-1
    are one range after the bitmap: put in the bitmap, they would make it 65,536 bits.)
    """
    cats = [av for op, av in items if op is C.CATEGORY]
    if cats:
        items = [(op, av) for op, av in items if op is not C.CATEGORY]
        items += [(C.LITERAL, c) for cat in cats for c in _ASCII_OF[cat]] + [(C.RANGE, (0x80, 0xFF))]
    charset, hascased = K._optimize_charset(items)
    if hascased:
        raise ValueError("a cased start set")  # (folded patterns' sets are lower case: never seen)
    return [*charset, _PAST_LATIN1] if cats else charset


def starting_with(pattern: str, head: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` told that every match starts with a character of ``head`` (a class).

    For a pattern whose own first item makes ``re`` test a category at every character (``\\W``):
    ``head`` is a wider set that ``re`` tests as bits (:func:`_bitmap_set`).  It must hold every
    character a match can start with; the pattern still tests its own first item there.
    """
    def make() -> Code:
        parsed = P.parse(pattern, flags)
        fast = _with_start_set(pattern, flags, parsed, head)
        return fast if fast is not None else _factored_code(pattern, flags, parsed)

    return _cached(("starting_with", pattern, head, int(flags)), make, from_code)


# ---------------------------------------------------------------------------------------------
# Case-insensitive patterns, run case-sensitively over the lower-cased text.
#
# Under IGNORECASE, ``re`` lower-cases the text's character at every comparison, and a
# case-insensitive alternation of cue words is tried at almost every position (its first
# characters are every letter, either case): such patterns scanned at about half the speed of
# the same pattern over lower-cased text.  ``re`` itself matches under IGNORECASE by comparing
# the *simple* lower case of each character of the text with a pattern whose literals and
# classes it lower-cased at compile time, adding each character's extra case equivalents
# (``ſ`` for ``s``, ``ı`` for ``i``: ``re._casefix``).  The folded pattern is that same
# pattern, compiled without the flag, for a text lower-cased once: the comparisons are the ones
# ``re`` makes, so the matches are the same, at the same positions.  A match found on the
# lower case is then taken from the original pattern at that position, on the original text,
# so that groups hold the text as written.


_MAX: Final = sys.maxsize
_ASSERTS: Final = (C.ASSERT, C.ASSERT_NOT)
_PLAIN_OPS: Final = (C.AT, C.ANY, C.CATEGORY)  # not GROUPREF: re compares a back reference by its own lower case, which
# fold's ſ→s, ı→i and final sigma would change (found by review): a pattern with one is left to re


_CANON: Final = {0x17F: "s", 0x131: "i"}  # ſ, ı: the non-ASCII characters re.IGNORECASE equates with an ASCII letter
_CANON_CODE: Final = {k: ord(v) for k, v in _CANON.items()}
# A folded text never holds them (:func:`fold` writes s and i), so the folded pattern has s and i where re would
# accept either: a literal, which re compares directly (a two-member class is a set test at each comparison), and
# one that alternations can be grouped by (:func:`_factored`).


def _fold_set(items: list) -> list:
    """A class's items lower-cased as ``re`` does under IGNORECASE (with the extra case equivalents)."""
    points: set[int] = set()
    keep: list = []
    for op, av in items:
        if op is C.NEGATE:
            keep.insert(0, (op, av))
        elif op is C.CATEGORY:
            keep.append((op, av))
        elif op is C.LITERAL:
            points.add(_sre.unicode_tolower(av))
        elif op is C.RANGE:
            points.update(map(_sre.unicode_tolower, range(av[0], av[1] + 1)))
        else:
            raise _Unknown
    for lo in list(points):
        points.update(_EXTRA_CASES.get(lo, ()))
    points = {_CANON_CODE.get(cp, cp) for cp in points}  # (ſ, ı: never in a folded text, which has s, i for them)
    ranges: list = []
    for cp in sorted(points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return keep + [(C.LITERAL, a) if a == b else (C.RANGE, (a, b)) for a, b in ranges]


def _fold_seq(seq: P.SubPattern) -> P.SubPattern:
    out: list = []
    for op, av in seq:
        if op is C.LITERAL or op is C.NOT_LITERAL:
            if not _sre.unicode_iscased(av):
                out.append((op, av))
                continue
            lo = _sre.unicode_tolower(av)
            alts = sorted({_CANON_CODE.get(k, k) for k in (lo, *_EXTRA_CASES.get(lo, ()))})
            if len(alts) == 1:
                out.append((op, alts[0]))  # (s and i: the ſ and ı re also accepts are never in a folded text)
            else:
                out.append((C.IN, ([(C.NEGATE, None)] if op is C.NOT_LITERAL else []) + [(C.LITERAL, k) for k in alts]))
        elif op is C.IN:
            out.append((op, _fold_set(av)))
        elif op is C.SUBPATTERN:
            group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & (re.IGNORECASE | re.LOCALE | re.ASCII):
                raise _Unknown
            out.append((op, (group, add_flags, del_flags, _fold_seq(sub))))
        elif op is C.BRANCH:
            out.append((op, (av[0], [_fold_seq(alt) for alt in av[1]])))
        elif op in _REPEATS:
            lo, hi, sub = av
            out.append((op, (lo, hi, _fold_seq(sub))))
        elif op in _ASSERTS:
            direction, sub = av
            out.append((op, (direction, _fold_seq(sub))))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out.append((op, _fold_seq(av)))
        elif op is C.GROUPREF_EXISTS:
            cond, yes, no = av
            out.append((op, (cond, _fold_seq(yes), _fold_seq(no) if no is not None else None)))
        elif op in _PLAIN_OPS:
            out.append((op, av))
        else:
            raise _Unknown
    return P.SubPattern(seq.state, out)


def _folded_tree(parsed: P.SubPattern) -> P.SubPattern:
    """``parsed`` (a case-insensitive pattern, which this takes over) folded to lower case for lower-cased text."""
    folded = _fold_seq(parsed)
    folded.state.flags &= ~re.IGNORECASE
    return folded


def _compile_folded(pattern: str, flags: int, parsed: P.SubPattern) \
        -> tuple[Code, tuple[str, ...], list[tuple[str, ...]] | None, tuple[str, ...]] | None:
    """``pattern`` (``parsed``, which this takes over) folded to lower case for lower-cased text, with its
    :func:`needles`, for an alternation each branch's (:class:`_Branches`), and its :func:`heads`; None where
    this Python's internals differ."""
    try:
        folded = _folded_tree(parsed)
        found = needles(folded)
        alt_needles = None if found else _Branches.needles_of(folded)
        return _compile_tree(pattern, flags & ~re.IGNORECASE, folded), found, alt_needles, heads(folded)
    except (_Unknown, AttributeError, TypeError, ValueError, re.error):  # another Python's internals: keep re's
        return None


def _compile_tree(pattern: str, flags: int, tree: P.SubPattern) -> Code:
    """A parsed (folded) pattern compiled with its start set (else a lookahead, else as it is)."""
    head = first_chars(pattern, flags, tree)
    if head is not None and not re_skips_fast(pattern, flags, tree):
        fast = _with_start_set(pattern, flags, tree, head)
        if fast is not None:
            return fast
        gate = P.parse(f"(?={head})", 0).data[0]
        tree = P.SubPattern(tree.state, [gate, (C.SUBPATTERN, (None, 0, 0, tree))])
    return _factored_code(None, flags, tree)  # (no pattern text, as re._compiler.compile gives it)


def holds_any(low: str, needles: tuple[str, ...]) -> bool:
    """Whether ``low`` holds one of ``needles`` (each ``in`` test a fast search in C)."""
    for n in needles:
        if n in low:
            return True
    return False


class _Branches:
    """An alternation whose branches need different words ("95% CI|range|log-rank|..."): the pattern
    a text is scanned with is made of the branches it can match, those whose needles it holds (or
    that have none).  A branch that cannot match anywhere in the text changes no match when dropped,
    and the pattern made of the rest has a narrower start set.  Compiled on first use, kept per set
    (and in :mod:`.regex_cache`); the folded branches are parsed again only for a set not kept there."""

    __slots__ = ("pattern", "flags", "needles", "variants", "_tree")
    _MAX_VARIANTS = 32

    def __init__(self, pattern: str, flags: int, alt_needles: list[tuple[str, ...]]) -> None:
        """``flags`` are the (case-insensitive) pattern's own; ``alt_needles`` each branch's needles (:meth:`needles_of`)."""
        self.pattern, self.flags, self.needles = pattern, flags, alt_needles
        self.variants: dict[tuple[int, ...], re.Pattern[str] | None] = {(): None}
        self._tree: P.SubPattern | None = None

    @staticmethod
    def needles_of(tree: P.SubPattern) -> list[tuple[str, ...]] | None:
        """Each branch's needles when ``tree`` (folded) is an alternation at least two of whose branches have some."""
        if len(tree.data) != 1 or tree.data[0][0] is not C.BRANCH:
            return None
        alt_needles = [_lean(_needles_of(alt) or frozenset()) for alt in tree.data[0][1][1]]
        return alt_needles if sum(map(bool, alt_needles)) >= 2 else None

    def pick(self, low: str, full: re.Pattern[str]) -> re.Pattern[str] | None:
        """The pattern of the branches ``low`` can match (``full`` when all can; None when none can)."""
        keep = tuple(i for i, ns in enumerate(self.needles) if not ns or holds_any(low, ns))
        if len(keep) == len(self.needles):
            return full
        try:
            return self.variants[keep]
        except KeyError:
            if len(self.variants) > self._MAX_VARIANTS:
                return full
        rx = self.variants[keep] = _cached(("branches", self.pattern, int(self.flags), keep),
                                           lambda: self._variant(keep), from_code)
        return rx

    def _variant(self, keep: tuple[int, ...]) -> Code:
        if self._tree is None:
            self._tree = _folded_tree(P.parse(self.pattern, self.flags))
        alts = [self._tree.data[0][1][1][i] for i in keep]
        tree = P.SubPattern(self._tree.state, [(C.BRANCH, (None, alts))] if len(alts) > 1 else alts[0].data)
        return _compile_tree(self.pattern, self.flags & ~re.IGNORECASE, tree)


# Needles: strings one of which every match contains, tested with ``in`` (C) before the pattern runs.
# A cue pattern is asked of every sentence and matches few; most sentences hold none of its words.
_MIN_NEEDLE, _MAX_NEEDLES = 3, 24
_ZERO_WIDTH: Final = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _one_char(op, av) -> str | None:  # noqa: ANN001
    """The character an item of a folded pattern matches, when it matches one (on canonical text)."""
    if op is C.LITERAL:
        return _CANON.get(av, chr(av))
    if op is C.IN and av and all(iop is C.LITERAL for iop, _ in av):
        chars = {_CANON.get(iav, chr(iav)) for _, iav in av}
        return chars.pop() if len(chars) == 1 else None
    return None


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective needle set: longest shortest needle, then fewest needles."""
    usable = [o for o in options if o and len(o) <= _MAX_NEEDLES and min(map(len, o)) >= _MIN_NEEDLE]
    return max(usable, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _needles_of(seq) -> frozenset[str] | None:  # noqa: ANN001
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in seq:
        ch = _one_char(op, av)
        if ch is not None:
            run.append(ch)
            continue
        if op is C.ASSERT and av[0] == 1:
            # a lookahead reads the text from where it stands on, inside the searched slice (re reads endpos as the
            # text's end): what it requires is in the slice too (a lookbehind may read before pos: none from it)
            sub = _needles_of(av[1])
            if sub:
                options.append(sub)
        if op in _ZERO_WIDTH:
            continue  # matches no character: the run around it is contiguous in the text
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        if op is C.SUBPATTERN:
            sub = _needles_of(av[3])
        elif op is C.BRANCH:
            alts = [_needles_of(alt) for alt in av[1]]
            sub = frozenset().union(*alts) if all(alts) else None  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            sub = _needles_of(av[2])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            sub = _needles_of(av)
        else:
            sub = None
        if sub:
            options.append(sub)
    if run:
        options.append(frozenset(["".join(run)]))
    return _best(options) if options else None


def needles(folded: P.SubPattern) -> tuple[str, ...]:
    """Strings (of :func:`fold`'s text) one of which every match of the folded pattern contains; () for none.

    A lookbehind gives none (it may read before the searched slice), a lookahead gives its own; a group,
    an alternation each of whose branches has some, a repeat taken at least once give theirs.
    """
    found = _needles_of(folded)
    return _lean(found) if found else ()


def required(rx: Pattern) -> tuple[str, ...] | None:
    """Strings of :func:`fold`'s text one of which every match of ``rx`` holds, or None where ``compile`` found
    none (then nothing can be skipped): for a gate before several patterns, built from theirs."""
    return rx._needles if isinstance(rx, Folded) and rx._needles else None


def _lean(found: frozenset[str]) -> tuple[str, ...]:
    """``found`` without the needles that hold another of them, shortest first (then in order: the same every run).

    A needle holding another is found only where that one is: testing it adds nothing ("block" passes every
    text "blockade" passes).  Each needle left is one scan of a text that, most often, holds none of them.
    """
    return tuple(sorted((n for n in found if not any(m != n and m in n for m in found)), key=lambda n: (len(n), n)))


# Heads: strings one of which every match starts with.  Where a pattern has a few long ones, it is tried
# only where they are (str.find, in C), not at every character of its start set: a cue pattern's words
# ("received|given|administered") begin with letters that begin a quarter of the text's characters.
_MIN_HEAD, _MAX_HEADS = 3, 12


def _heads_of(seq) -> frozenset[str] | None:  # noqa: ANN001
    run: list[str] = []
    for op, av in seq:
        ch = _one_char(op, av)
        if ch is not None:
            run.append(ch)
            continue
        if run:
            break  # the literal start ends here
        if op in _ZERO_WIDTH:
            continue  # matches no character (tried where the match is tried)
        if op is C.SUBPATTERN:
            return _heads_of(av[3])
        if op is C.BRANCH:
            alts = [_heads_of(alt) for alt in av[1]]
            return frozenset().union(*alts) if all(alts) else None  # type: ignore[arg-type]
        if op in _REPEATS and av[0] >= 1:
            return _heads_of(av[2])
        return None
    return frozenset(["".join(run)]) if run else None


def heads(folded: P.SubPattern) -> tuple[str, ...]:
    """Strings (of :func:`fold`'s text) one of which every match of the folded pattern starts with; () unless
    they are few (at most ``_MAX_HEADS``) and long (``_MIN_HEAD`` characters or more).

    Zero-width items before them (``\\b``, lookarounds) are checked where the match is tried.
    """
    found = _heads_of(folded)
    if not found or len(found) > _MAX_HEADS or min(map(len, found)) < _MIN_HEAD:
        return ()
    return tuple(sorted(found))


def positions(text: str, needles: tuple[str, ...], pos: int = 0, endpos: int = _MAX) -> list[int]:
    """Where in ``text[pos:endpos]`` one of ``needles`` begins, in order, once each.

    Each needle is looked for with ``str.find`` (memchr for one character, in C); ``re`` looking for a pattern
    that starts with one of them tests its start set at every character of the text, which is most of the cost
    of a pattern that can match at few places.  (Shared by ``Headed``, the folded patterns' heads and the
    sentence splitter.)
    """
    endpos = endpos if endpos < len(text) else len(text)
    pos = pos if pos > 0 else 0
    out: list[int] = []
    for h in needles:
        i = text.find(h, pos, endpos)
        while i >= 0:
            out.append(i)
            i = text.find(h, i + 1, endpos)
    if len(needles) > 1:
        out = sorted(set(out))  # (two needles can begin at one place when one is the other's prefix)
    return out


@functools.lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Each character's simple lower case, as ``re`` compares it under IGNORECASE (offsets unchanged).

    ``ſ`` and ``ı`` become ``s`` and ``i``: ``re`` treats each pair as one letter under IGNORECASE, and
    a folded pattern has ``s`` and ``i`` where ``re`` accepts either, so the matches are the same; the
    pattern compares plain letters, and needles can be plain ASCII.
    Cached: many patterns, the lexicons and the needle tests read the same sentence in turn.
    """
    return _fold_text(text)


def _fold_text(text: str) -> str:
    """:func:`fold`, uncached (for a short text, which is not worth a cache entry)."""
    low = text.lower()
    if len(low) != len(text):  # str.lower differs from the simple mapping in length (İ) and final sigma (an equivalent)
        low = "".join(chr(_sre.unicode_tolower(ord(c))) for c in text)
    if not low.isascii() and ("ſ" in low or "ı" in low):
        low = low.translate(_CANON)
    return low


_LAST: Final[list[tuple[str | None, str]]] = [(None, "")]  # the text folded last and its fold (identity before the cache)
_SHORT: Final = 48  # a text this short is folded uncached, kept out of the caches that hold the sentences' folds.
# (Every text and window is scanned folded: the original pattern, for which re derives no start set, see
# re_skips_fast, is tried at every position.)


# ---------------------------------------------------------------------------------------------
# Patterns that begin at a stop or a comma: looked for with ``str.find``.
#
# ``re`` tests a start set at every character of the text, a call in C per character; a sentence or
# clause cut begins at one of a few marks (".", "!", "?" or ",", ";") that a text holds a handful of.
# ``str.find`` runs through the text for each mark far faster, and the pattern is tried only there:
# every match begins with one of the marks (its start set), so none is missed, and each is tried in
# order from where the one before ended, as ``re``'s own scan does.  Matches are never empty (each
# holds its mark).  Only punctuation: a letter, digit or space would be found almost everywhere.
_MAX_MARKS: Final = 6


def _rare_marks(head: str) -> tuple[str, ...] | None:
    """The characters of a start set when they are a few marks of punctuation (at least two: one alone is
    ``re``'s own one-character prefix, already looked for in a tight loop), else None."""
    try:
        op, av = P.parse(head, 0).data[0]
    except (re.error, IndexError):
        return None
    items = [(op, av)] if op is C.LITERAL else av if op is C.IN else None
    if not items or any(iop is not C.LITERAL for iop, _ in items):
        return None
    marks = tuple(sorted({chr(iav) for _, iav in items}))
    if not 2 <= len(marks) <= _MAX_MARKS or any(c.isalnum() or c.isspace() or c == "_" for c in marks):
        return None
    return marks


class _Screened:
    """A pattern that answers as the ``re`` pattern it holds does, scanning only where a match can begin.

    Subclasses say where (``search``, ``finditer``); the other methods are the pattern's own, run only after
    ``search`` has found that something matches (most texts hold no match), and ``match``/``fullmatch`` are
    anchored at one place, so there is nothing to skip.
    """

    __slots__ = ("_rx", "pattern", "flags", "groups", "groupindex")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self._rx = rx
        self.pattern, self.flags, self.groups, self.groupindex = rx.pattern, rx.flags, rx.groups, rx.groupindex

    def __repr__(self) -> str:
        return f"fastre.{type(self).__name__}({self._rx!r})"

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        raise NotImplementedError

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        raise NotImplementedError

    def findall(self, string: str, pos: int = 0, endpos: int = _MAX) -> list:
        return self._rx.findall(string, pos, endpos) if self.search(string, pos, endpos) else []

    def sub(self, repl, string: str, count: int = 0) -> str:  # noqa: ANN001 - str or callable, as re
        return self.subn(repl, string, count)[0]

    def subn(self, repl, string: str, count: int = 0) -> tuple[str, int]:  # noqa: ANN001
        return self._rx.subn(repl, string, count) if self.search(string) else (string, 0)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self._rx.split(string, maxsplit) if self.search(string) else [string]

    def match(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self._rx.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self._rx.fullmatch(string, pos, endpos)


class Headed(_Screened):
    """A case-sensitive pattern every match of which begins with one of a few marks: tried only where one is.

    The same methods and matches as the ``re`` pattern it holds (which has the marks as its start set);
    ``search`` and ``finditer`` find the marks with ``str.find`` (see above), the rest is the pattern's own.
    """

    __slots__ = ("_marks",)

    def __init__(self, rx: re.Pattern[str], marks: tuple[str, ...]) -> None:
        super().__init__(rx)
        self._marks = marks

    def _starts(self, string: str, pos: int, endpos: int) -> list[int]:
        """Where a mark is in ``string[pos:endpos]``, in order (``pos``, ``endpos`` read as ``re`` reads them)."""
        return positions(string, self._marks, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        rx = self._rx
        for p in self._starts(string, pos, endpos):
            m = rx.match(string, p, endpos)
            if m is not None:
                return m
        return None

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        rx = self._rx
        after = pos
        for p in self._starts(string, pos, endpos):
            if p < after:
                continue  # inside the match before
            m = rx.match(string, p, endpos)
            if m is not None:
                after = m.end()
                yield m


class Folded(_Screened):
    """A case-insensitive pattern that scans the text's lower case; matches are the original pattern's.

    Scanning (``search``, ``finditer``) runs the folded pattern over :func:`fold` of the text, then
    takes each match from the original pattern at the position found, so groups keep the text's
    own case.  The rest answers from the folded scan when nothing matches, and otherwise delegates.
    """

    __slots__ = ("_low", "_needles", "_branches", "_heads")

    def __init__(self, plain: re.Pattern[str], lowered: re.Pattern[str], needles: tuple[str, ...] = (),
                 branches: _Branches | None = None, head_words: tuple[str, ...] = ()) -> None:
        super().__init__(plain)
        self._low, self._needles, self._branches, self._heads = lowered, needles, branches, head_words

    def _folded(self, string: str, pos: int = 0, endpos: int = _MAX) -> str | None:
        """The text's fold, or None when it holds none of the needles between ``pos`` and ``endpos``."""
        text, low = _LAST[0]
        if text is not string:  # most calls ask about the sentence the call before asked about
            if len(string) <= _SHORT:
                low = _fold_text(string)  # (kept out of the caches, which hold the sentences' folds)
            else:
                low = fold(string)
                _LAST[0] = (string, low)  # one assignment: another thread sees the old pair or the new one
        needles = self._needles
        if not needles:
            return low
        if pos <= 0 and endpos >= len(low):  # the whole text (most calls)
            for n in needles:
                if n in low:
                    return low
            return None
        if pos < 0:  # as re reads them (str.find counts a negative one from the end)
            pos = 0
        if endpos < 0:
            endpos = 0
        for n in needles:
            if low.find(n, pos, endpos) >= 0:
                return low
        return None

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        low = self._folded(string, pos, endpos)
        rx = self._low if self._branches is None or low is None else self._branches.pick(low, self._low)
        if low is None or rx is None:
            return None
        m = next(self._headed(low, rx, pos, endpos), None) if self._heads else rx.search(low, pos, endpos)
        return None if m is None else self._rx.search(string, m.start(), endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        low = self._folded(string, pos, endpos)
        rx = self._low if self._branches is None or low is None else self._branches.pick(low, self._low)
        if low is None or rx is None:
            return iter(())
        found = self._headed(low, rx, pos, endpos) if self._heads else rx.finditer(low, pos, endpos)
        first = next(found, None)
        return iter(()) if first is None else self._matches(string, first, found, endpos)

    def _headed(self, low: str, rx: re.Pattern[str], pos: int, endpos: int) -> Iterator[re.Match[str]]:
        """``rx.finditer(low, pos, endpos)``, tried only where one of the heads begins (matches are never
        empty: each holds a head), each next one from where the one before ended."""
        pos = pos if pos > 0 else 0
        endpos = endpos if endpos < len(low) else len(low)
        after = pos
        for p in positions(low, self._heads, pos, endpos):
            if p < after:
                continue
            m = rx.match(low, p, endpos)
            if m is not None:
                after = m.end()
                yield m

    def _matches(self, string: str, first: re.Match[str], rest: Iterator[re.Match[str]], endpos: int) -> Iterator[re.Match[str]]:
        for low in itertools.chain((first,), rest):
            m = self._rx.match(string, low.start(), endpos)
            if m is None or m.span() != low.span():  # never expected; re's own answer from here on
                yield from self._rx.finditer(string, low.start(), endpos)
                return
            yield m

    def subn(self, repl, string: str, count: int = 0) -> tuple[str, int]:  # noqa: ANN001
        if isinstance(repl, str) and "\\" in repl:  # a template with group references: re expands it
            return _Screened.subn(self, repl, string, count)
        if count < 0:
            return string, 0  # as re: a negative count replaces nothing
        out: list[str] = []
        pos = n = 0
        for m in self.finditer(string):  # the matches re.subn replaces, in the same order
            if count and n == count:
                break
            out.append(string[pos:m.start()])
            out.append(repl(m) if callable(repl) else repl)
            pos, n = m.end(), n + 1
        if not n:
            return string, 0
        out.append(string[pos:])
        return "".join(out), n
