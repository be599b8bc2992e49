"""Adverse events with their grades and frequencies.

Handles the shapes papers use: "grade 2 stomatitis", "grade 1-2
rash, nausea and diarrhoea" (one grade for a list),
"grade 3 neutrophil and platelet count decreased" (a shared head noun),
"pneumonitis (grade 2)" (the grade after the event), "grade ≥3
toxicities were A and B" (the grade of a category carried to its list),
"hand-foot skin reaction (27.9%)", "(n=3, 4.9%)", "in four patients
(9.3%)", "in 15% of patients", "two (4%) patients had A" and
"grade 1 and 2 A in 30 and 12% of cases, respectively".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .. import fastre, numwords
from .. import vocabulary as vocab
from .quantities import find_grades, holds_digit, norm_grade


@dataclass
class AEMention:
    start: int
    end: int
    term: str
    grade: str | None = None
    n: int | None = None
    percent: float | None = None
    meddra: str | None = None
    group: str = ""  # the CTCAE term or family a generic wording belongs to (vocab ``group``)


_SHARED_HEAD: Final = fastre.compile(r"\b(\w+)\s+(?:and|or|/)\s+(\w+)\s+(decrease|decreased|reduction|increase|elevation|count decreased)\b", re.I)
_NUM: Final = r"(?:\d+|" + "|".join(numwords.UP_TO_TWELVE) + ")"
_PCT: Final = r"(?P<p>\d+(?:\.\d+)?)\s*%"
# "... was observed in", "occurred in only": the verb between an event and its count
_IN: Final = r"\s*(?:(?:was|were)\s+)?(?:(?:observed|reported|seen|noted|occurred|recorded|found|developed|appeared|emerged)\s+)?in\s+(?:only\s+)?"
_FREQ_AFTER: Final = fastre.compile(
    r"^\s*(?:\([A-Za-z][\w-]{0,8}\)\s*)?"  # "hand-foot syndrome (HFS) (39%)": the abbreviation first
    r"(?:\(\s*grade[^()]{1,14}\)\s*)?"  # "hypertension (grade 1-2) occurred in ...": the grade first
    r"(?:(?:of\s+)?grade\s*[≥>]?\s*\w+(?:\s*(?:-|–|/|or|to)\s*\w+)?(?:\s+or\s+(?:higher|greater|above|worse))?\s*)?"  # "... of grade 3-4 occurred in"
    r"(?:\(\s*(?:(?:n\s*=\s*)?(?P<n>\d+)\s*(?:/\s*\d+\s*)?(?:patients?\s*)?[,;(]\s*)?" + _PCT +
    r"(?:\s+(?:for each|of (?:the )?(?:patients|cases|subjects)))?\s*(?:[;,][^()]{0,20})?\)"
    r"|\(\s*n\s*=\s*(?P<n2>\d+)\s*\)"
    r"|\(\s*(?:grade|G)\s*[^,;()]{1,10}[,;:]\s*(?:n\s*=\s*)?(?:(?P<n6>\d+)\s*[,(]\s*)?(?P<p6>\d+(?:\.\d+)?)\s*%\s*\)?\s*\)"
    r"|\s*[:,]?\s*(?P<n5>\d+)\s*(?:/\s*\d+\s*)?\(\s*(?P<p5>\d+(?:\.\d+)?)\s*%\s*\)"  # "fatigue 12 (25%)"
    r"|\s*[:,]?\s*(?P<p8>\d+(?:\.\d+)?)\s*%(?=\s*(?:[;,.)]|and\b|$))"  # "fatigue, 25%; nausea, 12%"
    r"|\((?:all(?: grades?)?|any grades?)[,:]?\s*(?P<p2>\d+(?:\.\d+)?)%"
    r"|\s+(?:was|were)\s+the\s+most\s+(?:common|frequent)\b[^()%.;]{0,40}?\(\s*(?P<p7>\d+(?:\.\d+)?)\s*%\s*\)"
    r"|" + _IN + r"(?P<n3>" + _NUM + r")\s*(?:/\s*\d+\s*)?(?:\((?P<p3a>\d+(?:\.\d+)?)\s*%\)\s*)?"
    r"(?:of (?:the )?\d+\s+)?(?:patients?|cases?|subjects?)(?:\s*\((?P<p3>\d+(?:\.\d+)?)\s*%\))?"
    r"|" + _IN + r"(?P<p4>\d+(?:\.\d+)?)\s*%(?:\s+of\s+(?:the\s+)?(?:patients|cases|subjects))?"
    # the verb that takes the patients as its object: "asthenia affected 47.6%", "... affected 12 patients (9%)"
    r"|\s+(?:affected|afflicted)\s+(?:(?P<n9>" + _NUM + r")\s+(?:patients?|cases?|subjects?)(?:\s*\((?P<p9a>\d+(?:\.\d+)?)\s*%\))?"
    r"|(?P<p9>\d+(?:\.\d+)?)\s*%(?:\s+of\s+(?:the\s+)?(?:patients|cases|subjects))?)"
    # a count and its share with the noun left out: "..., and febrile neutropenia in 7 (4.9%)"
    r"|\s+in\s+(?P<n10>\d+)\s*\(\s*(?P<p10>\d+(?:\.\d+)?)\s*%\s*\))",
    re.I,
)
_GRADE_WORDS: Final = r"(?:(?:grade|G)\s*[≥>]?\s*\w+(?:\s*(?:-|–|/|or|and|to)\s*\w+)?\s+)?"  # "had grade 3 A"
_FREQ_BEFORE: Final = fastre.compile(
    r"\b(?P<n>" + _NUM + r")\s*\(\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*\)\s*(?:(?:patients?|cases?|subjects?|of them|of these)\s+)?"
    r"(?:(?:presented|developed|had|experienced|suffered|reported)\s+(?:with\s+|from\s+)?)?" + _GRADE_WORDS + r"$"
    r"|\b(?P<n2>" + _NUM + r")\s+(?:patients?|cases?|subjects?)\s*\(\s*(?P<p2>\d+(?:\.\d+)?)\s*%\s*\)\s*"
    r"(?:(?:presented|developed|had|experienced|suffered|reported)\s+(?:with\s+|from\s+)?)" + _GRADE_WORDS + r"$",
    re.I,
)
_RESPECTIVELY: Final = fastre.compile(
    r"^" + _IN + r"(?P<a>\d+(?:\.\d+)?)\s*%?\s*(?:and|,)\s*(?P<b>\d+(?:\.\d+)?)\s*%"
    r"(?:\s+of\s+(?:the\s+)?(?:patients|cases|subjects))?,?\s+respectively", re.I)
# a grade that qualifies a category ("grade ≥3 toxicities were ..."): it carries to the events listed after it
_CATEGORY: Final = fastre.compile(r"^\s*(?:(?:treatment|drug|immune)[- ](?:related|emergent)\s+|serious\s+|non-?hematologic(?:al)?\s+"
                           r"|hematologic(?:al)?\s+)?(?:toxicit(?:y|ies)|adverse\s+(?:events?|effects?|reactions?)|A[Ee]s|TRAEs|"
                           r"side[- ]effects?|events)\b", re.I)
_CARRY_STOP: Final = fastre.compile(r";|\b(?:any|all)[- ]grades?\b", re.I)
# a new clause ends the category's list: a contrast, a new subject ("the most frequent ..."), ", and <clause>"
_CLAUSE_STOP: Final = fastre.compile(r"\b(?:whereas|while|but|although|though|however)\b|\bthe\s+most\b|\bmost\s+(?:common|frequent)"
                              r"|\bother\b|,\s*and\b", re.I)
_MOST_BEING: Final = fastre.compile(r"\s*(?:common|frequent)(?:ly\s+\w+)?\s+(?:ones?\s+|events?\s+)?being\b", re.I)
_SAME_SUBJECT: Final = fastre.compile(r"\s+(?:(?:mainly|mostly|chiefly)\s+)?(?:included|including|comprised|consisted|were|was)\b", re.I)
_ANY_GRADE: Final = fastre.compile(r"\b(?:any|all)[- ]grades?\b", re.I)


_MORE_VALUES: Final = fastre.compile(r"\s*(?:,|,?\s*and)\s*\d+(?:\.\d+)?\s*%?[^.;]{0,40}?\brespectively\b", re.I)


def _lookup(term: str):
    return vocab.adverse_events().lookup(term)


def _mention(a: int, b: int, e) -> AEMention:
    return AEMention(a, b, e.name, meddra=e.id("meddra"), group=e.get("group") or e.name)


_ABBR_DEF: Final = fastre.compile(r"\(\s*(?P<abbr>[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,4}?)s?\s*\)")


# scales, criteria and bodies that follow an event in brackets without naming it ("pain (VAS)", "fatigue (ECOG)")
_NOT_AE_ABBR: Final = frozenset({"VAS", "NRS", "ECOG", "CTCAE", "NCI", "RECIST", "QOL", "HRQOL", "PS", "ORR", "DCR", "PFS", "OS",
                          "WHO", "KPS", "MEDDRA", "SAE", "AE", "TRAE", "IRAE", "CI", "HR", "OR"})
_WORD: Final = fastre.compile(r"[A-Za-z]+")


def _initials_match(abbr: str, left: str) -> bool:
    """Schwartz-Hearst style: the short form's letters are, in order, initials of the words just before it.

    Words split at hyphens ("immune-related" gives I and R); small words may be skipped; the first
    letter must start a word within len(abbr) + 2 words of the bracket.
    """
    letters = abbr.lower()
    words: list[str] = [w.lower() for w in _WORD.findall(left)][-(len(letters) + 2):]
    i = len(letters) - 1
    for w in reversed(words):
        if i < 0:
            break
        if w[0] == letters[i]:
            i -= 1
    return i < 0


def document_ae_abbreviations(text: str) -> dict[str, vocab.Entry]:
    """Short forms a document defines for an event: "immune-related colitis (IRC)" -> IRC.

    Only a short form spelled by the initials of the event's words counts, so a scale or criteria
    acronym written after an event ("pain (VAS)") never becomes an alias of that event.
    """
    out: dict[str, vocab.Entry] = {}
    if "(" not in text:
        return out
    lex = vocab.adverse_events()
    for m in _ABBR_DEF.finditer(text):
        abbr = m.group("abbr")
        if abbr.upper() in _NOT_AE_ABBR or abbr in lex.exact:
            continue
        left = text[max(0, m.start() - 80):m.start()]
        hits = [(a, b, e) for a, b, e in lex.finditer(left) if not left[b:].strip()]
        if hits and _initials_match(abbr, left):
            out.setdefault(abbr, hits[-1][2])
    return out


def _abbreviation_mentions(text: str, abbrevs: dict[str, vocab.Entry], covered: list[tuple[int, int]]) -> list[AEMention]:
    out = []
    for abbr, e in abbrevs.items():
        if abbr not in text:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}s?(?!\w)", text):
            if not any(x <= m.start() < y for x, y in covered):
                out.append(_mention(m.start(), m.end(), e))
    return out


def find_adverse_events(text: str, abbrevs: dict[str, vocab.Entry] | None = None) -> list[AEMention]:
    """Every adverse-event term of a sentence, with the grade and frequency the sentence gives it.

    ``abbrevs`` are the document's own short forms for events (see ``document_ae_abbreviations``).
    """
    lex = vocab.adverse_events()
    out: list[AEMention] = []
    covered: list[tuple[int, int]] = []
    for m in _SHARED_HEAD.finditer(text):  # (a text without one of its head nouns is not scanned: fastre's needles)
        for word in (m.group(1), m.group(2)):
            e = _lookup(f"{word} {m.group(3)}")
            if e:
                out.append(_mention(m.start(), m.end(), e))
        if out and out[-1].start == m.start():
            covered.append((m.start(), m.end()))
    for a, b, e in lex.finditer(text):
        if any(x <= a < y for x, y in covered):
            continue
        out.append(_mention(a, b, e))
        covered.append((a, b))
    if abbrevs:
        out += _abbreviation_mentions(text, abbrevs, covered)
    if not out:
        return out
    out.sort(key=lambda x: x.start)
    out = _drop_abbreviations(text, out)
    grades = _grades(text)
    _attach_grades(text, out, grades)
    _carry_category_grades(text, out, grades)
    _carry_trailing_grades(text, out, grades)
    extra = _attach_frequencies(text, out)
    out = _split_respectively(text, out, grades)
    _respective_list(text, out)
    return out + extra


_OR_HIGHER: Final = fastre.compile(r"\s*(?:or|and)\s+(?:higher|greater|above|more|worse)\b", re.I)
# "A, B and C, all grade 1-2" / "(all grade 1 or 2)": a grade written after the list it qualifies
_ALL_GRADE: Final = fastre.compile(r"\b(?:all|each|both)\s+(?:(?:of\s+)?(?:them|which)\s+)?(?:(?:were|being)\s+)?(?:of\s+)?$", re.I)


def _grades(text: str) -> list[tuple[int, int, str]]:
    """Grades as written: "grade 3 or higher" is "≥3", as "grade ≥3" is."""
    out = []
    for g in find_grades(text):
        value = g.grade
        m = _OR_HIGHER.match(text, g.end)
        if m and value[:1].isdigit() and "-" not in value:
            out.append((g.start, m.end(), "≥" + value))
        else:
            out.append((g.start, g.end, value))
    return out


def _carry_trailing_grades(text: str, aes: list[AEMention], grades: list[tuple[int, int, str]]) -> None:
    """"fatigue, nausea and rash, all grade 1-2": the grade goes back to the events listed before it."""
    for gs, ge, g in grades:
        if not _ALL_GRADE.search(text[max(0, gs - 40):gs]):
            continue
        for ae in _list_before(text, aes, gs):
            if ae.grade is not None and ae.grade != g:
                break
            ae.grade = g


_LIST_JOIN: Final = fastre.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:,|and|or|/|, and|, or)\s*", re.I)
# what may stand between a list's last event and "all grade ...": the verb, and the list's counts or shares
# ("developed in 27 patients (46.6%)", "occurred in 38%, 34% and 22% of patients, respectively")
_FREQ_TAIL: Final = (r"(?:in\s+)?\d+(?:\.\d+)?\s*%?(?:\s*(?:,|,?\s*and)\s*\d+(?:\.\d+)?\s*%?)*"
              r"(?:\s+(?:of\s+(?:the\s+)?)?(?:patients|participants|subjects|cases|women|men))?(?:\s*\([^()]{0,30}\))?"
              r"(?:\s*,?\s*respectively)?\s*")
_LIST_TAIL: Final = fastre.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:(?:were|was)\s+)?(?:(?:occurred|developed|observed|reported|seen|noted|appeared|emerged)\s*)?"
                            r"(?:" + _FREQ_TAIL + r")?[,(]?\s*(?:all|each|both)\b", re.I)


def _list_before(text: str, aes: list[AEMention], pos: int) -> list[AEMention]:
    """The coordinated list of events that ends right before ``pos`` ("A, B and C[ occurred], all grade 1"), last first.

    The list stops at anything but a list joiner, so an event of an earlier clause keeps its own grade.
    """
    before = [ae for ae in aes if ae.end <= pos]
    if not before or not _LIST_TAIL.match(text[before[-1].end:pos]):
        return []
    out = [before[-1]]
    for prev in reversed(before[:-1]):
        if not _LIST_JOIN.fullmatch(text, prev.end, out[-1].start):
            break
        out.append(prev)
    return out


def _drop_abbreviations(text: str, aes: list[AEMention]) -> list[AEMention]:
    """"hand-foot syndrome (HFS)": the bracketed short form restates the event before it."""
    return [ae for i, ae in enumerate(aes)
            if not (i and aes[i - 1].term == ae.term and re.fullmatch(r"\s*\(\s*", text[aes[i - 1].end:ae.start])
                    and text[ae.end:ae.end + 1] == ")")]


_GRADE_AFTER: Final = re.compile(r"\s*(?:\(|of|at|,)?\s*")
_GRADE_STOP: Final = re.compile(r"[.;)%]|\bgrade\b", re.I)
_WORDS_ONLY: Final = re.compile(r"[\w\s,–-]*")
_SHARED_GRADE_JOIN: Final = re.compile(r"\s*(?:,|and|or|, and)\s*")
_CARRIED_GRADE_JOIN: Final = re.compile(r"\s*(?:,|and|or|, and|/)\s*")


def _attach_grades(text: str, aes: list[AEMention], grades: list[tuple[int, int, str]]) -> None:
    # a grade written right after an event ("Neutropenia grade IV", "pneumonitis (grade 2)") is that event's
    claimed = {gs for gs, ge, g in grades for ae in aes if gs >= ae.end and _GRADE_AFTER.fullmatch(text[ae.end:gs])}
    for i, ae in enumerate(aes):
        # grade written just before the term (possibly shared over a list: "grade 1-2 A, B, and C")
        best = None
        for gs, ge, g in grades:
            if ge <= ae.start and gs not in claimed:
                between = text[ge:ae.start]
                if len(between) <= 25 and not _GRADE_STOP.search(between) and not _CLAUSE_STOP.search(between):
                    best = g
                elif _WORDS_ONLY.fullmatch(between) and len(between) <= 90 and i > 0 and aes[i - 1].grade == g \
                        and _SHARED_GRADE_JOIN.fullmatch(text[aes[i - 1].end:ae.start]):
                    best = g
        if best is None:
            for gs, ge, g in grades:
                if gs >= ae.end and _GRADE_AFTER.fullmatch(text[ae.end:gs]):
                    best = g
                    break
        if best is None and i > 0 and aes[i - 1].grade and _CARRIED_GRADE_JOIN.fullmatch(text[aes[i - 1].end:ae.start]):
            best = aes[i - 1].grade
        ae.grade = best


# the category named before its grade: "adverse events of grade 3 or higher", "toxicities grade ≥3"
_CATEGORY_BEFORE: Final = fastre.compile(r"\b(?:toxicit(?:y|ies)|adverse\s+(?:events?|effects?|reactions?)|A[Ee]s|TRAEs|side[- ]effects?)"
                                  r"\s+(?:of\s+)?$", re.I)


def _carry_category_grades(text: str, aes: list[AEMention], grades: list[tuple[int, int, str]]) -> None:
    """"grade ≥3 toxicities were seen in few patients, specifically A in four and B in two": A and B are grade ≥3;
    so are those of "adverse events of grade 3 or higher occurred in 40%, the most common being A (9%) and B (5%)"."""
    for k, (gs, ge, g) in enumerate(grades):
        if not (_CATEGORY.match(text[ge:ge + 60]) or _CATEGORY_BEFORE.search(text[max(0, gs - 40):gs])):
            continue
        stop = grades[k + 1][0] if k + 1 < len(grades) else len(text)
        colon = re.match(r"[^:;.]{0,40}:", text[ge:stop])  # "grade 3 AEs were: A, 12 (24%); B, 3 (6%)"
        s = (_ANY_GRADE if colon else _CARRY_STOP).search(text, ge, stop)
        stop = _clause_end(text, aes, ge, s.start() if s else stop)
        for ae in aes:
            if ge < ae.start < stop and ae.grade is None:
                ae.grade = g


def _clause_end(text: str, aes: list[AEMention], start: int, stop: int) -> int:
    """Where the category's clause ends: the first contrast or new subject, except ", and" that goes on with the list."""
    for m in _CLAUSE_STOP.finditer(text, start, stop):
        if m.group(0).startswith(",") and any(0 <= ae.start - m.end() <= 3 for ae in aes):
            continue  # "A, B, and C": the list goes on
        if _SAME_SUBJECT.match(text, m.end()):
            continue  # "grade 3 AEs were rare but included A": the category is still the subject
        if _MOST_BEING.match(text, m.end()):
            continue  # ", the most common being A and B": the category's own list, not a new subject
        return m.start()
    return stop


# Every form of _FREQ_AFTER holds a number: digits (``\d``), or a count in words (_NUM's, any case: in the fold).
_NUMBER_WORDS: Final = numwords.UP_TO_TWELVE


def _may_count(after: str) -> bool:
    """False only where _FREQ_AFTER cannot match: no digit and no number word.

    Asked of ASCII text only (any other passes): there ``str.lower`` is the case folding re compares, and a
    window is not put in fastre.fold's cache, which keeps the sentences' folds.
    """
    return holds_digit(after) or not after.isascii() or fastre.holds_any(after.lower(), _NUMBER_WORDS)


def _attach_frequencies(text: str, aes: list[AEMention]) -> list[AEMention]:
    extra: list[AEMention] = []
    for ae in aes:
        after = text[ae.end:ae.end + 60]
        # "diarrhea (all, 85.9%; grade 3, 16.7%)": "(" first after white space (str.lstrip strips re's \s), and a "%"
        m = _ALL_AND_GRADE.match(after) if "%" in after and after.lstrip().startswith("(") else None
        if m:
            extra.append(AEMention(ae.start, ae.end, ae.term, norm_grade(m.group("g")), None, float(m.group("p2")), ae.meddra,
                                   ae.group))
    for i, ae in enumerate(aes):
        after = text[ae.end:ae.end + 80]
        m = _FREQ_AFTER.match(after) if _may_count(after) else None
        if m and _MORE_VALUES.match(text, ae.end + m.end()):
            m = None  # "in 21%, 12% and 7% ..., respectively": values for a list, not this event's
        if m:
            p = next((m.group(k) for k in ("p", "p2", "p3", "p3a", "p4", "p5", "p6", "p7", "p8", "p9", "p9a", "p10")
                      if m.group(k)), None)
            n = next((m.group(k) for k in ("n", "n2", "n3", "n5", "n6", "n9", "n10") if m.group(k)), None)
            ae.percent = float(p) if p else None
            ae.n = numwords.to_int(n) if n else None
            if "for each" in m.group(0):  # "A, and B (6% for each)"
                j = i - 1
                while j >= 0 and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[aes[j].end:aes[j + 1].start]) and aes[j].percent is None:
                    aes[j].percent = ae.percent
                    j -= 1
            continue
        lo = aes[i - 1].end if i > 0 else 0
        before = text[max(lo, ae.start - 60):ae.start]
        b = _FREQ_BEFORE.search(before) if "%" in before else None  # (both forms of _FREQ_BEFORE hold a "%")
        if b:
            ae.n = numwords.to_int(b.group("n") or b.group("n2"))
            ae.percent = float(b.group("p") or b.group("p2"))
    return extra


def _split_respectively(text: str, aes: list[AEMention], grades: list[tuple[int, int, str]]) -> list[AEMention]:
    """"grade 1 and 2 A in 30 and 12% of cases, respectively": one event per grade, each with its share."""
    out: list[AEMention] = []
    for ae in aes:
        m = _RESPECTIVELY.match(text[ae.end:ae.end + 80]) if ae.grade and "-" in ae.grade else None
        g = None if m is None else next(
            (x for x in grades if x[2] == ae.grade and x[1] <= ae.start and re.search(r"\band\b|,", text[x[0]:x[1]])), None)
        if m is None or g is None:
            out.append(ae)
            continue
        assert ae.grade is not None  # m is matched only after a graded event
        for grade, pct in zip(ae.grade.split("-"), (m.group("a"), m.group("b"))):
            out.append(AEMention(ae.start, ae.end, ae.term, grade, None, float(pct), ae.meddra, ae.group))
    return out


_VALUES_RESPECTIVELY: Final = fastre.compile(
    _IN + r"(?P<vals>\d+(?:\.\d+)?\s*%?(?:\s*(?:,|,?\s*and)\s*\d+(?:\.\d+)?\s*%?)+)\s*(?P<unit>%|patients|cases|subjects)?"
    r"(?:\s+of\s+(?:the\s+)?(?:patients|cases|subjects))?,?\s+respectively", re.I)
_VALUE: Final = fastre.compile(r"\d+(?:\.\d+)?")
_RESPECTIVE_JOIN: Final = re.compile(r"\s*(?:,|and|, and|or)\s*")


def _respective_list(text: str, aes: list[AEMention]) -> None:
    """"A, B and C occurred in 5, 3 and 2 patients, respectively": each event its own count or share."""
    i = 0
    while i < len(aes):
        j = i  # the list aes[i..j] joined by commas / "and"
        while j + 1 < len(aes) and _RESPECTIVE_JOIN.fullmatch(text[aes[j].end:aes[j + 1].start]):
            j += 1
        m = _VALUES_RESPECTIVELY.match(text, aes[j].end) if j > i else None
        if m:
            vals = _VALUE.findall(m.group("vals"))
            share = "%" in m.group(0)
            if len(vals) == j - i + 1:
                for ae, v in zip(aes[i:j + 1], vals):
                    if share:
                        ae.percent = float(v)
                    else:
                        ae.n = int(float(v))
        i = j + 1


_ALL_AND_GRADE: Final = fastre.compile(r"^\s*\((?:all(?: grades?)?|any grades?)[,:]?\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*;\s*grade\s*(?P<g>[1-5](?:\s*[-–/]\s*[1-5])?|≥\s*[1-5])\s*[,:]?\s*(?P<p2>\d+(?:\.\d+)?)\s*%\s*\)", re.I)
