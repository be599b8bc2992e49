"""Controlled vocabularies: TSV data files a user can extend.

Each file maps surface forms (name + synonyms) to one normalised entry
with its identifiers.  Lexicons compile once per process into one
regular expression each (longest alternative first), which is fast
enough for millions of sentences and keeps matching explicit.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from . import fastre, resources



@dataclass(frozen=True)
class Entry:
    """One vocabulary entry: its normalised name, identifiers and extra columns."""

    name: str
    ids: tuple[tuple[str, str], ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return dict(self.extra).get(key, default)

    def id(self, prefix: str) -> str | None:
        return dict(self.ids).get(prefix) or None


@dataclass
class Lexicon:
    """Surface form → entry, with a compiled matcher."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, Entry] = field(default_factory=dict)  # lower-case form → entry
    exact: dict[str, Entry] = field(default_factory=dict)  # case-sensitive short abbreviations
    _rx: fastre.Pattern | None = None
    _heads: Any = None  # word-bounded forms: an ahocorasick.Automaton of their heads, and ``_rx`` is anchored (``rx``)
    _slot: int = -1  # a sentence lexicon's place in the shared head scan (:func:`_shared_starts`); -1: scans alone

    def add(self, entry: Entry, surface: list[str]) -> None:
        self.entries[entry.name] = entry
        for s in surface:
            s = s.strip()
            if not s:
                continue
            if len(s) <= 5 and s.upper() == s and any(c.isalpha() for c in s):
                self.exact.setdefault(s, entry)
            else:
                self.forms.setdefault(norm_form(s), entry)

    @property
    def rx(self) -> fastre.Pattern:
        """The forms' trie (see :meth:`_spans` for where it is tried)."""
        if self._rx is None:
            alts = set(self.forms) | {norm_form(x) for x in self.exact}
            body = _trie_regex(alts) or r"(?!x)x"
            # Case-sensitive over lower-cased text: re.IGNORECASE folds case at every position tried and
            # scans ~2x slower; forms are stored lower-case and the text is lowered keeping its offsets.
            if alts and all(_WORD_START.match(a) and _WORD_END.search(a) for a in alts):
                # Every form starts and ends with a word character, so a match starts after a non-word
                # character (or at the text's start) and the next cannot begin inside it: the trie is
                # anchored, and tried only where a form's head follows such a character (_spans).
                # (set first: another thread reads _heads once _rx is set; a sentence lexicon's heads are scanned
                # for with the others', in one pass over the sentence: _shared_starts)
                self._heads = _head_automaton(alts) if self._slot < 0 else _head_keys_of(alts)
                self._rx = fastre.plain(rf"(?:{body}){TAIL}")  # (kept compiled between processes: a large trie)
            else:
                self._rx = fastre.compile(rf"(?:(?<=anti-)|(?<=anti–)|(?<![\w-]))(?:{body}){TAIL}")
        return self._rx

    def _spans(self, low: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every form in the lower-cased text, leftmost first, none overlapping.

        Word-bounded forms: the spans the trie finds tried at the text's start and after every
        non-word character (that character not a hyphen, unless after "anti"), found without
        trying it at every one: an Aho-Corasick pass (in C) over the text with its non-word
        characters spaced (:func:`padded`) finds where a form's first characters follow one or
        the text's start, and the anchored trie is tried only there, in text order, under those
        conditions on the character before.  Every place the trie matches is such a place
        (:func:`_head_keys`), so the first that matches is the one a scan would find.
        (Lists, not generators: compiled, a generator's every step is a call through the iterator protocol.)
        """
        rx = self.rx
        if self._heads is None:
            return [m.span() for m in rx.finditer(low)]
        out: list[tuple[int, int]] = []
        after = 0  # a form starts after the non-word character that follows the one before: one past its end
        found = _shared_starts(low)[self._slot] if self._slot >= 0 else {end - n + 1 for end, n in self._heads.iter(padded(low))}
        for s in sorted(found):
            if s < after:
                continue
            if s:
                before = low[s - 1]
                if before.isalnum() or before == "_" or before == "-" and low[max(0, s - 5):s - 1] != "anti":
                    continue
            at = rx.match(low, s)
            if at is not None:
                out.append((s, at.end()))
                after = at.end() + 1
        return out

    def lookup(self, surface: str) -> Entry | None:
        if surface.strip() in self.exact:
            return self.exact[surface.strip()]
        return self.forms.get(norm_form(surface))

    def finditer(self, text: str) -> list[tuple[int, int, Entry]]:
        """``(start, end, entry)`` of every lexicon form in ``text``, in text order."""
        out: list[tuple[int, int, Entry]] = []
        for a, b in self._spans(lower_same_length(text)):
            s = text[a:b]
            # (letters and digits only, as most are: no separator to fold, nothing to strip)
            e = self.exact.get(s) or self.forms.get(s.lower()) if s.isalnum() else \
                self.exact.get(s.strip()) or self.forms.get(norm_form(s))
            if e is not None:
                out.append((a, b, e))
        return out


#: What follows a form: not a word character, and not a hyphen before a code or an -ib word (PD-L1 is not L1;
#: a form may follow "anti-", as in anti-VEGF, but not another word's hyphen: the rules before a form).
TAIL: Final = r"(?![\w]|-(?:\w*\d|[a-z]+ib\b))"


def ascii_table(keep: Callable[[str], bool]) -> bytes:
    """A :func:`ascii_mapped` table: each ASCII character ``keep`` accepts kept, every other byte a space."""
    return bytes(i if i < 128 and keep(chr(i)) else 32 for i in range(256))


def ascii_mapped(text: str, table: bytes) -> str:
    """``text`` with each character mapped by ``table`` (:func:`ascii_table`), a non-ASCII one read as "?" first.

    One character each way, so offsets are unchanged.  Through bytes: ``str.translate`` with a mapping
    looks up each distinct character of the text in it on every call, where ``bytes.translate`` is a
    table lookup per byte, in C (about 4x faster on a sentence).
    """
    return text.encode("ascii", "replace").translate(table).decode("ascii")


#: :func:`ascii_mapped` table: every non-word character (``re``'s ``\\W``) a space.
_SPACING: Final = ascii_table(lambda c: c.isalnum() or c == "_")


def spaced(low: str) -> str:
    """``low`` with every non-word character, and every non-ASCII one, a space (same length, same offsets).

    How :meth:`Lexicon._spans` reads a text, and :func:`_head_keys` a form.  A non-ASCII letter read
    as a space only adds a place to look, which ``_spans`` then rejects.
    """
    return ascii_mapped(low, _SPACING)


@functools.lru_cache(maxsize=256)
def padded(low: str) -> str:
    """A space, then :func:`spaced` ``low``: a form at the text's start follows a space too, so index ``i`` of
    a head key found here is where the form starts in ``low``.  Cached: every lexicon scans the same sentence."""
    return " " + spaced(low)


#: How many characters of a form (after the non-word character before it) the head automaton holds.
_HEAD: Final = 5


def _head_keys(form: str) -> set[str]:
    """What :func:`spaced` text holds where the trie of ``rx`` matches ``form``: a space, then its first characters.

    A space of a form matches one separator or nothing, so each space within the head is kept or
    dropped; separators, every other non-word character and every non-ASCII one read as a space in both.
    """
    out: set[str] = set()

    def grow(i: int, acc: str) -> None:
        if len(acc) == _HEAD or i == len(form):
            out.add(" " + spaced(acc))
            return
        if form[i] == " ":
            grow(i + 1, acc)
        grow(i + 1, acc + form[i])

    grow(0, "")
    return out


def _head_keys_of(forms: set[str]) -> frozenset[str]:
    """Every form's head keys (:func:`_head_keys`)."""
    return frozenset(key for form in forms for key in _head_keys(form))


def _head_automaton(forms: set[str]) -> Any:
    """An Aho-Corasick automaton of every form's head keys (:func:`_head_keys`); each key's value is its length."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in _head_keys_of(forms):
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


# One pass over a sentence for the heads of the lexicons every sentence is read with.  The drug, adverse-event
# and regimen lexicons read each fact sentence in turn; scanned apart, each paid the automaton's walk over the
# whole sentence and the cached lower-case lookups before it.  The shared automaton's keys carry which of them
# they are heads of, so one walk gives each lexicon the very places its own automaton gives (a key two share is
# reported to both).  The target, target-family and disease lexicons read few sentences: each keeps its own.
def _sentence_lexicon(slot: int, lex: Lexicon) -> Lexicon:
    """``lex``, scanned for with the other sentence lexicons (marked before its matcher is made)."""
    lex._slot = slot
    return lex


@cache
def shared_head_automaton() -> Any:
    """The head keys of the sentence lexicons; each key's value is (its length, the lexicons' slots)."""
    import ahocorasick

    masks: dict[str, int] = {}
    for slot, lex in enumerate((drugs(), adverse_events(), regimens())):
        lex.rx  # noqa: B018 - computes its head keys
        for key in lex._heads if lex._slot == slot and lex._heads is not None else ():
            masks[key] = masks.get(key, 0) | 1 << slot
    automaton = ahocorasick.Automaton()
    for key, mask in masks.items():
        automaton.add_word(key, (len(key), mask))
    automaton.make_automaton()
    return automaton


@functools.lru_cache(maxsize=256)
def _shared_starts(low: str) -> list[list[int]]:
    """For each sentence lexicon, where in ``low`` one of its heads begins (read only: cached).

    Lists, in the order the automaton reports them (by where the key ends): a place two keys share is listed
    twice, which :meth:`Lexicon._spans`, trying the places in sorted order, passes over the second time.
    """
    d: list[int] = []
    a: list[int] = []
    r: list[int] = []
    for end, (n, mask) in shared_head_automaton().iter(padded(low)):
        start = end - n + 1
        if mask & 1:
            d.append(start)
        if mask & 2:
            a.append(start)
        if mask & 4:
            r.append(start)
    return [d, a, r]  # the drug, adverse-event and regimen lexicons' (slots 0, 1, 2)


_WORD_START: Final = re.compile(r"\w")
_WORD_END: Final = re.compile(r"\w$")


@functools.lru_cache(maxsize=256)
def lower_same_length(text: str) -> str:
    """``text.lower()``, except that a character whose lower case is longer (İ) is kept: offsets stay valid.

    An ASCII text's is :func:`.fastre.fold`'s (the same lower case), from its cache: every lexicon and
    most cue patterns read the same sentence in turn.
    """
    if text.isascii():
        return fastre.fold(text)
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_SEPARATORS: Final = re.compile(r"[\s\u2010-\u2015-]+")


def norm_form(s: str) -> str:
    """Lower case, with hyphens, dashes and spaces folded to one space."""
    return _SEPARATORS.sub(" ", s.strip()).lower()


_SEP: Final = r"[\s\u2010-\u2015-]?"


def _trie_regex(forms: set[str]) -> str:
    """One regex for many forms, factored by common prefix.

    A plain alternation of ~1,000 names makes ``re`` try every name at every
    position; the prefix trie tries one branch per character, and its greedy
    optional tails keep longest-match semantics.  A space in a normalised
    form matches a space, a hyphen, a dash or nothing.
    """
    trie: dict = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(_SEP if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    import sys

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    return emit(trie)


def _read(name: str) -> list[dict[str, str]]:
    paths = [resources.vocab(name)]
    extra = os.environ.get("GRAPH_BUILDER_VOCAB")
    if extra:
        paths += [Path(p) / name for p in extra.split(os.pathsep) if (Path(p) / name).exists()]
    rows: list[dict[str, str]] = []
    for p in paths:
        if not p.exists():
            continue
        with p.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return rows


def _split(cell: str) -> list[str]:
    return [s.strip() for s in cell.split("|") if s.strip()]


def _load(file: str, name_col: str, ids: dict[str, str], extras: dict[str, str], lower: bool = True,
          default_extra: dict[str, str] | None = None) -> Lexicon:
    """A lexicon from a TSV: ``ids`` and ``extras`` map entry keys to column names."""
    lex = Lexicon()
    for r in _read(file):
        name = r[name_col].lower() if lower else r[name_col]
        id_pairs = tuple((k, r[c]) for k, c in ids.items() if r.get(c))
        extra = tuple((k, r.get(c) or (default_extra or {}).get(k, "")) for k, c in extras.items())
        lex.add(Entry(name, id_pairs, extra), [r[name_col], *_split(r.get("synonyms", ""))])
    return lex


@cache
def drugs() -> Lexicon:
    return _sentence_lexicon(0, _load("drugs.tsv", "name", {"drugbank": "drugbank", "chebi": "chebi"},
                                      {"role": "role", "class": "drug_class"}, default_extra={"role": "antineoplastic"}))


@cache
def regimens() -> Lexicon:
    """Standard regimen acronyms with one fixed composition (FOLFOX, XELOX, R-CHOP); ``drugs`` lists it."""
    return _sentence_lexicon(2, _load("regimens.tsv", "name", {}, {"drugs": "drugs"}, lower=False))


@cache
def targets() -> Lexicon:
    return _load("targets.tsv", "symbol", {"hgnc": "hgnc_id"}, {"label": "name"}, lower=False)


@cache
def target_families() -> Lexicon:
    return _load("target_families.tsv", "family", {}, {"members": "members"}, lower=False)


@cache
def adverse_events() -> Lexicon:
    lex = _load("adverse_events.tsv", "term", {"meddra": "meddra_code"}, {"group": "group", "context": "context"})
    for form, entry in list(lex.forms.items()):  # papers count events: "headaches", "infusion reactions"
        plural = _plural(form)
        if plural:
            lex.forms.setdefault(plural, entry)
    return _sentence_lexicon(1, lex)


_MASS_ENDING: Final = re.compile(r"(?:s|ia|ea|itis|osis|sis|ity|ness|ing|ion|ure|ema|gue|ue|y|[^a-z])$")
_COUNT_NOUN: Final = re.compile(r"(?:reaction|infection|eruption|lesion|ulceration|perforation|fracture|seizure|complication|"
                         r"syndrome|event|effect|thrombosis)$")


def _plural(form: str) -> str | None:
    """The plural of an event's last word when it is a count noun ("headache" -> "headaches")."""
    last = form.rsplit(" ", 1)[-1]
    if _COUNT_NOUN.search(last) or not _MASS_ENDING.search(last):
        return form + ("es" if last.endswith(("sh", "ch", "x")) else "s") if not last.endswith("s") else None
    return None


@cache
def diseases() -> Lexicon:
    return _load("diseases.tsv", "name", {"ncit": "ncit"}, {})
