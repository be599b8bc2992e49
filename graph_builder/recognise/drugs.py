"""Drug and regimen mentions, normalised to lower-case INNs.

Order of trust: the curated vocabulary (brands, codes, abbreviations
with identifiers), then abbreviations the document itself defines
("gemcitabine and cisplatin (GP)", legend glossaries "TH, taxol,
herceptin"), then — for unseen drugs — the drug-NER dictionary, limited
to names shaped like an INN so that ordinary words never become drugs.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from typing import Any, Final

from .. import fastre
from .. import vocabulary as vocab
from .drug_dictionary import inn_index

# INN stems (WHO): a word must end in one of these to be looked up in the drug-NER dictionary
_INN_SUFFIXES: Final = tuple(
    "mab nib tinib ciclib parib platin taxel rubicin mycin abine citabine fosfamide mustine lisib rafenib zomib lutamide "
    "trozole strozole relin stat tecan limus vudine mide degib sidenib metinib fenib xaban lanib sertib plimab limab "
    "zumab ximab umab cept leukin dronate".split()
)


@dataclass
class DrugMention:
    start: int
    end: int
    name: str
    role: str = "antineoplastic"
    ids: tuple[tuple[str, str], ...] = ()
    placebo: bool = False


@dataclass
class RegimenMention:
    """A named regimen ("TP regimen", "platinum-based chemotherapy")."""

    start: int
    end: int
    name: str
    drugs: list[str] = field(default_factory=list)
    bare: bool = False  # a standard acronym alone ("FOLFOX"), without "regimen"/"chemotherapy": not by itself given


# Long words: six or more characters, a letter, then letters, digits, hyphens (the shape of every INN), at the end
# of a run of [A-Za-z0-9-] whose leading digits and hyphens are not part of it ("5-fluorouracil": "fluorouracil").
#: :func:`.vocabulary.ascii_mapped` table: the characters of a run kept, every other one a space.
_RUN_CHARS: Final = vocab.ascii_table(lambda c: c.isalnum() or c == "-")
_LETTERS: Final = frozenset(string.ascii_letters)


def long_words(text: str) -> list[str]:
    """The long words of ``text``, in order: what ``re.findall(r"[A-Za-z][A-Za-z0-9-]{5,}", text)`` returns.

    Read off the runs instead of scanned for: ``re`` would try the pattern at every letter of every
    word (most are short), where spacing the text's other characters and splitting it are two passes
    in C.  From a run's first letter the pattern takes the rest of the run, and where that is too
    short so is every later start in the run, so each run gives at most its tail from its first
    letter.  (A non-ASCII character is read as "?", which is no run character either.)
    """
    out: list[str] = []
    for run in vocab.ascii_mapped(text, _RUN_CHARS).split():
        n = len(run)
        if n < 6:
            continue
        if run[0] in _LETTERS:
            out.append(run)
            continue
        i = 1
        while i < n and run[i] not in _LETTERS:
            i += 1
        if n - i >= 6:
            out.append(run[i:])
    return out


def _long_words(text: str, words: list[str] | None = None):
    """``(start, end, word)`` of each long word (:func:`long_words`), in text order.

    ``words``: ``long_words(text)``, when the caller has it.  Each word is where ``str.find`` first
    sees it after the one before: an earlier copy would lie in a run that holds six or more word
    characters from a letter on, a long word itself, so it would be the word before.
    (No match objects: this walk runs on most sentences that name a drug.)
    """
    pos = 0
    for word in long_words(text) if words is None else words:
        start = text.find(word, pos)
        pos = start + len(word)
        yield start, pos, word


_INN: Final[list[dict[str, str] | None]] = []  # inn_index(_INN_SUFFIXES), once asked for


def _inn() -> dict[str, str] | None:
    """The drug-NER index, kept here: ``inn_index``'s own cache hashes its tuple of stems on every call,
    which cost as much as looking up a sentence's words (it is asked for every sentence with a long word)."""
    if not _INN:
        _INN.append(inn_index(_INN_SUFFIXES))
    return _INN[0]


@functools.cache
def _stem_automaton() -> Any:
    """The INN stems, each with its length."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for stem in _INN_SUFFIXES:
        automaton.add_word(stem, len(stem))
    automaton.make_automaton()
    return automaton


def _may_name_unknown_inn(text: str, covered: list[tuple[int, int]]) -> bool:
    """Whether ``text`` has a long word ending in an INN stem whose start no mention in ``covered`` holds: the only
    words :func:`_fallback` can add.  One Aho-Corasick pass over the text's (cached) lower case finds the stems.

    A long word (:func:`long_words`) is the tail of a run of ASCII letters, digits and hyphens from the run's
    first letter, six characters at least, and the index holds only names that end in a stem, so the run must
    end where the stem does; the run and the word are read off the text itself (fold makes the Kelvin sign a
    ``k`` and the dotted İ an ``i``, neither of which is a run character there).  Most sentences that pass the
    stem test do so with a drug the lexicon has already found (its start is covered).
    """
    n = len(text)
    for end, _ in _stem_automaton().iter(fastre.fold(text)):
        after = end + 1
        if after < n and text[after] in _RUN_CHARACTERS or text[end] not in _RUN_CHARACTERS:
            continue  # no run ends where the stem does
        if _inside_a_mention(text, end, covered):
            continue
        start = end
        while start > 0 and text[start - 1] in _RUN_CHARACTERS:
            start -= 1
        while start <= end and text[start] not in _LETTERS:
            start += 1  # the word begins at the run's first letter
        if after - start < 6:
            continue
        for a, b in covered:
            if a <= start < b:
                break
        else:
            return True
    return False


def _inside_a_mention(text: str, end: int, covered: list[tuple[int, int]]) -> bool:
    """Whether ``end`` lies in a covered span that no run character comes right before: then the word ending at
    ``end`` starts in that span, and there is no need to walk back to its start.

    (The run through ``end`` cannot reach back past the span's start, so it starts in the span, and so does the
    word, at the run's first letter, which is ``end`` itself at the latest: a stem ends in a letter.  Only a
    mention after a hyphen - "anti-", the second drug of "gemcitabine-cisplatin" - has a run character before it.)
    """
    for a, b in covered:
        if a <= end < b and (a == 0 or text[a - 1] not in _RUN_CHARACTERS):
            return True
    return False


_RUN_CHARACTERS: Final = frozenset(string.ascii_letters + string.digits + "-")


def _fallback(text: str, covered: list[tuple[int, int]]) -> list[DrugMention]:
    """Words the drug-NER dictionary knows.  Its index holds only names that end in an INN stem
    (:func:`.drug_dictionary.build_index`), so one lookup per long word asks both questions at once.

    The sentence's long words are first looked up all together, in C (they are ASCII: lower-casing
    them joined is lower-casing each); only a sentence with a known one is walked for offsets.
    """
    if not _may_name_unknown_inn(text, covered):
        return []  # (most sentences: no word of theirs can be in the index, or the lexicon has it already)
    words = long_words(text)
    if not words:
        return []
    index = _inn()  # loaded on the first long word, not at import
    if index is None:
        return []
    lowered = "\n".join(words).lower().split("\n")
    if index.keys().isdisjoint(lowered):
        return []
    out = []
    for (s, e, word), low in zip(_long_words(text, words), lowered):
        dbid = index.get(low)
        if dbid is not None and not any(a <= s < b for a, b in covered):
            out.append(DrugMention(s, e, low, "antineoplastic", (("drugbank", dbid),) if dbid else ()))
    return out


_PLACEBO_AFTER: Final = fastre.compile(r"\s*/\s*placebo\b", re.I)
_PLACEBO_BEFORE: Final = fastre.compile(r"placebo\s*/\s*$", re.I)


_HYPHEN_WORD: Final = fastre.compile(r"-([A-Za-z][A-Za-z0-9]{3,})(?!\w)")


def _hyphen_partners(text: str, found: list[DrugMention]) -> list[DrugMention]:
    """The second drug of a hyphenated pair ("gemcitabine-cisplatin"), which the lexicon will not match
    after another word's hyphen (so that PD-L1 is not L1)."""
    out: list[DrugMention] = []
    for d in found:
        while True:
            m = _HYPHEN_WORD.match(text, d.end)
            e = vocab.drugs().lookup(m.group(1)) if m else None
            if m is None or e is None:
                break
            d = DrugMention(m.start(1), m.end(1), e.name, e.get("role", "antineoplastic"), e.ids)
            out.append(d)
    return out


def lexicon_drugs(text: str) -> list[DrugMention]:
    """Vocabulary mentions only, hyphenated pairs included, in text order."""
    out = [DrugMention(a, b, e.name, e.get("role", "antineoplastic"), e.ids) for a, b, e in vocab.drugs().finditer(text)]
    extra = _hyphen_partners(text, out)
    return sorted(out + extra, key=lambda d: d.start) if extra else out


_COMBINED: Final = fastre.compile(r"(?:\+|/|\bplus)\s*$")
_COMBINED_AFTER: Final = fastre.compile(r"\s*(?:\+|/)\s*\w|-containing\b|-based\b|\s+plus\b")
_LIST_JOIN: Final = fastre.compile(r"\s*(?:,|\+|/|and|plus|, and)\s*")
_PURPOSE_AFTER: Final = fastre.compile(r"\s*(?:\([^()]*\)\s*)?(?:for|to (?:reduce|relieve|control|prevent|treat)|(?:as\s+(?:an?\s+)?)?"
                                r"(?:premedication|pre-?medication|prophyla\w*|antiemetic\w*))\b", re.I)


def _steroids_in_regimen_lists(text: str, mentions: list[DrugMention]) -> None:
    """A corticosteroid listed with cancer drugs ("rituximab, ibrutinib, and prednisone") is part of the
    regimen, unless a purpose is given ("dexamethasone for oedema")."""
    entries = vocab.drugs().entries
    for i, d in enumerate(mentions):
        e = entries.get(d.name)
        if d.role == "antineoplastic" or e is None or e.get("class") != "corticosteroid":
            continue
        if _PURPOSE_AFTER.match(text, d.end):
            continue
        prev = mentions[i - 1] if i > 0 else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if any(o is not None and o.role == "antineoplastic" and _LIST_JOIN.fullmatch(
                text[min(o.end, d.end):max(o.start, d.start)]) for o in (prev, nxt)):
            d.role = "antineoplastic"


def find_drugs(text: str, local: dict[str, list[str]] | None = None) -> list[DrugMention]:
    """All drug mentions of ``text``; ``local`` maps document-defined abbreviations to drugs."""
    lex = vocab.drugs()
    out: list[DrugMention] = lexicon_drugs(text)
    covered = [(m.start, m.end) for m in out]
    if local:
        for abbr, names in local.items():
            if len(names) != 1 or abbr not in text:  # (every match holds the abbreviation: most sentences have none)
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])" if len(abbr) > 1 else
                                 rf"(?<=\+|/|\s){re.escape(abbr)}(?=\s*[+/]|-containing|-based|\s)", text):
                if len(abbr) == 1 and not _COMBINED.search(text, max(0, m.start() - 8), m.start()) \
                        and not _COMBINED_AFTER.match(text, m.end()):
                    continue  # a one-letter form is a drug only in a combination: "FOLFIRI plus B", "B-containing"
                if not any(a <= m.start() < b for a, b in covered):
                    e = lex.entries.get(names[0])
                    out.append(DrugMention(m.start(), m.end(), names[0], e.get("role", "antineoplastic") if e else "antineoplastic",
                                           e.ids if e else ()))
                    covered.append((m.start(), m.end()))
    out += _fallback(text, covered)
    out.sort(key=lambda d: d.start)
    _steroids_in_regimen_lists(text, out)
    if "placebo" in fastre.fold(text):  # (the lower case the sentence's cue patterns fold it to, cached)
        for d in out:
            if _PLACEBO_AFTER.match(text[d.end:d.end + 12]) or _PLACEBO_BEFORE.search(text[max(0, d.start - 10):d.start]):
                d.placebo = True
    return out


_REGIMEN_NAME: Final = fastre.compile(
    r"(?<![\w-])[“\"']?(?P<name>[A-Z][A-Za-z0-9]{0,7}(?:/[A-Z][A-Za-z0-9]{0,7})?|[a-z]+-based|platinum|platinum-containing)[”\"']?\s+"
    r"(?P<head>regimen|chemotherapy|protocol|therapy)\b"
)


_REGIMEN_HEADS: Final = ("regimen", "chemotherapy", "protocol", "therapy")


def _regimen_name_start(text: str) -> int:
    """Where the first match of _REGIMEN_NAME can begin at the earliest; -1 when ``text`` holds no head word.

    A match is a name token (no whitespace in it) then whitespace then its head word, found at or after the
    first head word ``j`` of the text (substring tests: most sentences have none).  Its token holds ``j``, or
    comes after ``j``, or (the head at ``j``) is the token just before ``j``'s whitespace: every match begins
    at or after the start of the token before the token holding ``j``.  The pattern's lookbehind still reads
    the text before that (``re`` looks behind ``pos``), so scanning from there finds the same matches,
    without trying the pattern's letter-led start at every letter of a long sentence before its head word.
    """
    j = -1
    for head in _REGIMEN_HEADS:
        i = text.find(head)
        if i >= 0 and (j < 0 or i < j):
            j = i
    if j < 0:
        return -1
    i = j - 1
    while i >= 0 and not text[i].isspace():  # back over the token holding j (none when whitespace precedes it)
        i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    while i >= 0 and not text[i].isspace():  # and the token before it
        i -= 1
    return i + 1


def _regimen_name_end(text: str) -> int:
    """An ``endpos`` for the scan of _REGIMEN_NAME that ends no match: one past the end of the last head word.

    Every match ends with its head word (then ``\\b``, which reads the character after it: hence one past), so
    the scan need not go on through the rest of a long sentence.  "chemotherapy" ends where the "therapy" in it
    does, so three ``rfind`` say where the last head word ends.
    """
    end = -1
    for head in _REGIMEN_LAST_HEADS:
        i = text.rfind(head)
        if i >= 0 and i + len(head) > end:
            end = i + len(head)
    return min(end + 1, len(text))


_REGIMEN_LAST_HEADS: Final = ("regimen", "protocol", "therapy")


def _standard(name: str) -> list[str]:
    """The fixed composition of a standard acronym ("FOLFOX4"), or nothing."""
    e = vocab.regimens().lookup(name)
    return e.get("drugs").split("|") if e is not None else []


def _standard_mentions(text: str, defined: dict[str, list[str]], found: list[RegimenMention]) -> list[RegimenMention]:
    """Standard acronyms anywhere in the text; a paper's own definition of the acronym wins."""
    out = []
    for a, b, e in vocab.regimens().finditer(text):
        if any(r.start < b and a < r.end for r in found):
            continue
        surface = text[a:b]
        drugs = defined.get(surface) or e.get("drugs").split("|")
        out.append(RegimenMention(a, b, surface, sorted(drugs), bare=True))
    return out


def find_regimens(text: str, defined: dict[str, list[str]]) -> list[RegimenMention]:
    """Named regimens; drugs filled from the document's own definitions when it has one."""
    out = []
    start = _regimen_name_start(text)
    for m in _REGIMEN_NAME.finditer(text, start, _regimen_name_end(text)) if start >= 0 else ():
        name = m.group("name")
        if name.lower() in {"the", "this", "that", "a", "an", "our", "new", "first", "second", "third", "same",
                            "adjuvant", "maintenance", "targeted", "endocrine", "combined", "combination", "chemo",
                            "systemic", "neoadjuvant", "standard", "original", "above", "previous", "following"}:
            continue
        if vocab.drugs().lookup(name):
            continue
        is_acronym = name.isupper() or "-based" in name or name.lower().startswith("platinum")
        if not is_acronym and m.group("head") != "regimen":
            continue
        if not is_acronym and not name[0].isupper():
            continue
        out.append(RegimenMention(m.start(), m.end(), name, list(defined.get(name, []) or _standard(name))))
    out += _standard_mentions(text, defined, out)
    for abbr, drugs in defined.items():
        if len(drugs) < 2 or abbr not in text:  # (every match holds the abbreviation: most sentences have none)
            continue
        for m in re.finditer(rf"(?<![\w-])[“\"']?{re.escape(abbr)}[”\"']?(?![\w-])", text):
            if not any(r.start <= m.start() < r.end for r in out):
                out.append(RegimenMention(m.start(), m.end(), abbr, list(drugs)))
    return sorted(out, key=lambda r: r.start)
