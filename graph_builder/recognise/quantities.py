"""Dates, durations, doses with their schedules, grades and percentages.

MedEx-style: a dose is *amount → unit → (route) → frequency/schedule*;
each recogniser returns spans in the sentence so the relation stage
can reason about order and proximity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, cast

from .. import fastre, numwords

MONTHS: Final = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: v for m, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON: Final = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY: Final = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:19|20)\d\d"

_DATE_RX: Final = fastre.compile(
    rf"\b(?:(?P<m1>{_MON})\s+(?P<d1>{_DAY})(?:,?\s*(?P<y1>{_YEAR}))?"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON}),?\s*(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MON}),?\s+(?:of\s+)?(?P<y3>{_YEAR})"
    rf"|(?P<y4>{_YEAR})[-/](?P<m4>[01]?\d)(?:[-/](?P<d4>[0-3]?\d))?)\b",
    re.I,
)
_RANGE_RX: Final = fastre.compile(
    rf"\b(?:from|between)\s+(?P<a>{_MON}\s+{_DAY}(?:,?\s*{_YEAR})?|{_DAY}\s+{_MON}(?:,?\s*{_YEAR})?|{_MON},?\s+{_YEAR}|{_MON})"
    rf",?\s+(?:to|until|till|and|through)\s+(?P<b>(?:{_MON}\s+)?{_DAY},?\s*{_YEAR}|{_MON},?\s+{_YEAR}|{_DAY}\s+{_MON},?\s*{_YEAR})",
    re.I,
)


# every date, duration and amount pattern needs a digit: most sentences are skipped on this alone
_HAS_DIGIT: Final = fastre.compile(r"\d")
_DIGITS: Final = tuple("0123456789")
_LAST_ASKED: Final[list[tuple[str | None, bool]]] = [(None, False)]


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (``re``'s ``\\d``).

    The dates, amounts and survival recognisers ask it of each sentence in turn, so the answer for
    the text asked about last is kept (one assignment: another thread sees the old pair or the new
    one).  An ASCII text is asked with ``in`` per digit (memchr); only there is ``\\d`` just 0-9.
    """
    last, found = _LAST_ASKED[0]
    if last is not text:
        found = holds_digit(text)
        _LAST_ASKED[0] = (text, found)
    return found


def holds_digit(text: str) -> bool:
    """:func:`has_digit`, not kept: for windows of a sentence, which would push the sentence's answer out."""
    return fastre.holds_any(text, _DIGITS) if text.isascii() else _HAS_DIGIT.search(text) is not None


@dataclass
class Span:
    start: int
    end: int
    # a date's ISO string (None for an impossible day: "July 1 to 35, 2015"), a grade's normalised text,
    # a duration's (value, unit).  (Not a generic class: mypyc cannot build a generic dataclass.)
    value: str | tuple[float, str] | None
    role: str = ""

    @property
    def iso(self) -> str | None:
        """A date's value, typed: its ISO string, or None for an impossible day."""
        v = self.value
        return v if isinstance(v, str) else None

    @property
    def grade(self) -> str:
        """A grade's value, typed: its normalised text (``find_grades`` gives every grade one)."""
        return cast(str, self.value)


def _iso(y: str | None, m: str | int | None, d: str | None) -> str | None:
    if not y or not m:
        return None
    mm = m if isinstance(m, int) else (MONTHS.get(m.lower().rstrip(".")[:4].rstrip("t") if m.lower().startswith("sept") else m.lower().rstrip(".")[:3]) if not m.isdigit() else int(m))
    if not mm or not 1 <= mm <= 12:
        return None
    if d:
        dd = int(re.sub(r"\D", "", d))
        if not 1 <= dd <= 31:
            return None
        return f"{int(y):04d}-{mm:02d}-{dd:02d}"
    return f"{int(y):04d}-{mm:02d}"


def _from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    return (_iso(g["y1"], g["m1"], g["d1"]) or _iso(g["y2"], g["m2"], g["d2"]) or _iso(g["y3"], g["m3"], None)
            or _iso(g["y4"], g["m4"], g["d4"]))


_DAY_YEAR: Final = re.compile(rf"\s*({_DAY}),?\s*({_YEAR})\s*", re.I)
_START_BEFORE: Final = fastre.compile(r"\b(?:from|since|starting(?: on| from)?|started(?: on| from)?|beginning(?: on)?|began(?: on)?)\s*$")
_END_BEFORE: Final = fastre.compile(r"\b(?:to|until|till|through|ended(?: on)?|up to)\s*$")


# Each form of _DATE_RX names a month (its first three letters, any case: found in the fold) or, as digits, a year
# starting 19 or 20.
_MONTH_NEEDLES: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CENTURIES: Final = ("19", "20")


def _may_hold_date(text: str) -> bool:
    """False only where _DATE_RX cannot match."""
    return fastre.holds_any(text, _CENTURIES) or fastre.holds_any(fastre.fold(text), _MONTH_NEEDLES)


def find_dates(text: str) -> list[Span]:
    """ISO dates at the stated precision; year-less range starts borrow the end's year."""
    out: list[Span] = []
    if not has_digit(text):
        return out
    taken: list[tuple[int, int]] = []
    for m in _RANGE_RX.finditer(text):
        a, b = m.group("a"), m.group("b")
        day_only = _DAY_YEAR.fullmatch(b)  # "July 1 to 25, 2015"
        db = _parse_one(b) if not day_only else f"{day_only.group(2)}-01-01"
        if db is None:
            continue
        year = db[:4]
        da = _parse_one(a, default_year=year, default_month=None)
        if da is None:
            continue
        if len(da) == 7 and da > db[:7] and not _DATE_RX.search(a):  # "from November to February 2019": the year before
            da = f"{int(year) - 1:04d}{da[4:]}"
        if day_only:
            if len(da) < 7:
                continue
            db = _iso(year, int(da[5:7]), day_only.group(1))
        out.append(Span(m.start("a"), m.end("a"), da, "start"))
        out.append(Span(m.start("b"), m.end("b"), db, "end"))
        taken.append((m.start(), m.end()))
    for m in (_DATE_RX.finditer(text) if _may_hold_date(text) else ()):
        if any(a <= m.start() < b for a, b in taken):
            continue
        iso = _from_match(m)
        if iso is None:
            continue
        before = text[max(0, m.start() - 25):m.start()].lower()
        role = "point"
        if _START_BEFORE.search(before):
            role = "start"
        elif _END_BEFORE.search(before):
            role = "end"
        out.append(Span(m.start(), m.end(), iso, role))
    return sorted(out, key=lambda s: s.start)


def _parse_one(s: str, default_year: str | None = None, default_month: int | None = None) -> str | None:
    m = _DATE_RX.search(s)
    if m:
        iso = _from_match(m)
        if iso:
            return iso
        if default_year and m.group("m1"):
            return _iso(default_year, m.group("m1"), m.group("d1"))
    m = re.match(rf"\s*(?P<m>{_MON})\s+(?P<d>{_DAY})\s*$", s, re.I)
    if m and default_year:
        return _iso(default_year, m.group("m"), m.group("d"))
    m = re.match(rf"\s*(?P<m>{_MON})\s*$", s, re.I)  # a bare month of a range: "between April and August 2017"
    if m and default_year:
        return _iso(default_year, m.group("m"), None)
    m = re.match(rf"\s*(?P<d>{_DAY})\s+(?P<m>{_MON})\s*$", s, re.I)
    if m and default_year:
        return _iso(default_year, m.group("m"), m.group("d"))
    return None


# ---------------------------------------------------------------- durations
_UNIT_WORDS: Final = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "mo": "months", "mos": "months", "mon": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}
_NUM: Final = r"\d+(?:\.\d+)?"
# Linear on any input.  A number starts where no digit precedes it: tried at every digit of a run, the
# greedy \d+ ran to the run's end and back (a 30,000-digit run cost minutes); and a match from inside a
# run exists only if one from the run's start does (the rest of the pattern sees the same text), so the
# lookbehind changes no match.  "\s*(?:[-–]\s*)?" spells the same strings as "\s*(?:-|–)?\s*" but
# a run of spaces has one way to match it, not one per split point.
DURATION_RX: Final = fastre.compile(rf"(?<!\d)(?P<v>{_NUM})\s*(?:[-–]\s*)?(?P<u>days?|wks?|weeks?|mos?|months?|yrs?|years?)\b",
                             re.I)


def find_durations(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), (float(m.group("v")), _UNIT_WORDS[m.group("u").lower()]))
            for m in DURATION_RX.finditer(text)]


# ---------------------------------------------------------------- doses
# per body-surface area or weight, written as a symbol or in words ("6 mg per kilogram of body weight")
_PER_M2: Final = r"(?:/\s*m(?:2|²|\^2|\(2\))|\s+per\s+(?:square\s+met(?:er|re)|m2|m²)(?:\s+of\s+body[- ]surface[- ]area)?)"
_PER_KG: Final = r"(?:/\s*kg|\s+per\s+(?:kilogram|kg)(?:\s+of\s+body\s*weight)?)"
_UNIT: Final = rf"mg{_PER_M2}|mg{_PER_KG}|(?:µg|μg|mcg){_PER_KG}|mg|g|µg|μg|mcg|IU|iu|mL|ml"
# an amount may carry thousands separators ("1,250 mg/m2"); without the first alternative "250" would be read
_AMOUNT_NUM: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
AMOUNT_RX: Final = fastre.compile(
    rf"(?<![\w.,])(?P<a>{_AMOUNT_NUM})(?:\s*(?:-|–|~)\s*(?P<b>{_AMOUNT_NUM}))?\s*(?P<u>{_UNIT})(?P<per>\s*/\s*(?:d|day)\b)?"
    rf"(?![\w²]|\s*/\s*[A-Za-z])"
    rf"|\bAUC\s*(?:=|of)?\s*(?P<auc>{_NUM})",
)
_M2_UNIT: Final = fastre.compile(_PER_M2 + "$")
_KG_UNIT: Final = fastre.compile(_PER_KG + "$")


@dataclass
class Amount:
    start: int
    end: int
    amounts: list[float | int]  # as written: 10 mg stays 10, not 10.0
    unit: str
    per_day: bool


def _num(s: str) -> float | int:
    f = float(s.replace(",", ""))
    return int(f) if f.is_integer() else f


def _unit(raw: str) -> str:
    """``mg/m2``, ``mg/kg``, ``µg/kg`` or the plain mass/volume unit, however the text writes it."""
    mass = raw[:3] if raw[:3] in ("mcg",) else raw[:2] if raw[:2] in ("mg", "µg", "μg") else raw
    mass = mass.replace("μ", "µ").replace("mcg", "µg")
    if _M2_UNIT.search(raw):
        return mass + "/m2"
    if _KG_UNIT.search(raw):
        return mass + "/kg"
    return {"ml": "mL", "iu": "IU"}.get(raw, raw)


# Where AMOUNT_RX can match.  Its dose branch ends a number (a digit, ``\d``) and, spaces (``\s*``) apart, starts a
# unit: each unit holds a "g" (mg, g, µg, μg, mcg and their /m2, /kg forms) or is IU, iu, mL or ml.  Its other branch
# holds "AUC".  A text without such a unit right after a digit is answered without the scan, which tried the pattern
# at every digit (and its backtracking numbers at every digit run) of every sentence that has one.
def _number_ends_before(text: str, at: int) -> bool:
    """Whether ``\\d\\s*`` can end at ``at``: a digit, then only white space up to ``at`` (re's ``\\s`` is
    ``str.isspace``, its ``\\d`` is ``str.isdecimal``; ``tests/recognise/test_quantities.py`` checks both)."""
    i = at - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0:
        return False
    c = ord(text[i])
    return 48 <= c <= 57 or (c > 127 and text[i].isdecimal())  # (0-9, the only ASCII \\d)


_M: Final = 0x6D  # m
_C: Final = 0x63  # c
_MICRO: Final = 0xB5  # µ, the micro sign
_MU: Final = 0x3BC  # μ, the Greek letter


def _g_unit_after_number(text: str, g: int) -> bool:
    """Whether a unit whose "g" is at ``g`` (g, mg, µg, μg, mcg) starts right after a number."""
    if _number_ends_before(text, g):
        return True  # g
    before = ord(text[g - 1]) if g >= 1 else 0
    if before == _M or before == _MICRO or before == _MU:
        return _number_ends_before(text, g - 1)  # mg, µg, μg
    return before == _C and g >= 2 and ord(text[g - 2]) == _M and _number_ends_before(text, g - 2)  # mcg


def _unit_after_number(text: str, unit: str) -> bool:
    """Whether ``unit`` is somewhere right after a number (spaces apart)."""
    i = text.find(unit)
    while i >= 0:
        if _number_ends_before(text, i):
            return True
        i = text.find(unit, i + 1)
    return False


def _may_hold_amount(text: str) -> bool:
    """False only where AMOUNT_RX cannot match: no "AUC", and no unit that a number ends right before."""
    if "AUC" in text:
        return True
    if (_unit_after_number(text, "IU") or _unit_after_number(text, "iu") or _unit_after_number(text, "mL")
            or _unit_after_number(text, "ml")):
        return True
    g = text.find("g")
    while g >= 0:
        if _g_unit_after_number(text, g):
            return True
        g = text.find("g", g + 1)
    return False


def find_amounts(text: str) -> list[Amount]:
    out: list[Amount] = []
    if not has_digit(text) or not _may_hold_amount(text):
        return out
    for m in AMOUNT_RX.finditer(text):
        if m.group("auc"):
            out.append(Amount(m.start(), m.end(), [_num(m.group("auc"))], "AUC", False))
            continue
        unit = _unit(m.group("u"))
        vals = [_num(m.group("a"))] + ([_num(m.group("b"))] if m.group("b") else [])
        out.append(Amount(m.start(), m.end(), vals, unit, bool(m.group("per"))))
    return out


def _weeks(n: float, unit: str) -> str | None:
    w = n / 7 if unit.startswith("d") else n
    if abs(w - round(w)) > 0.01 or round(w) < 1:
        return None
    weeks = int(round(w))
    return "weekly" if weeks == 1 else f"every {weeks} weeks"


_DAYS_RX: Final = fastre.compile(
    r"\b(?:on\s+)?(?:days?|d)\s*(?P<list>\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2})?(?:\s*(?:,\s*and|,|and|&)\s*\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2})?)*)",
    re.I,
)
# "3 weeks on/1 week off", "4-weeks on/2-weeks off", "for 3 weeks followed by 1 week off", "schedule 2/1 weeks";
# a bare "schedule 2/1" may be any notation (doses, days, a trial's own code), so it needs weeks or on/off next to it
_N: Final = r"\d{1,2}|one|two|three|four|five|six"
_SPAN: Final = r"[- ](?P<{}u>weeks?|days?)"
_ON_OFF: Final = fastre.compile(
    rf"\b(?P<on>{_N}){_SPAN.format('on')}\s+on(?:\s+treatment)?\s*(?:/|,|and|followed by)?\s*"
    rf"(?P<off>{_N}){_SPAN.format('off')}\s+off\b"
    rf"|\bfor\s+(?P<on2>{_N}){_SPAN.format('on2')},?\s+(?:followed by|then|and)\s+(?:then\s+)?(?:an?\s+)?"
    rf"(?:(?:stopped|discontinued|withdrawn|rested|paused|off)\s+for\s+(?P<off2>{_N}){_SPAN.format('off2')}"
    rf"|(?P<off3>{_N}){_SPAN.format('off3')}\s+(?:off|rest|break|without treatment)\b)"
    rf"|\bschedule\s+(?P<on4>[1-6])\s*/\s*(?P<off4>[1-6])\s*(?:weeks?\b|\(?\s*(?:weeks?\s+)?on\s*/\s*off\b)")
_DAY_LIST_SEP: Final = re.compile(r"\s*(?:,\s*and|,|and|&)\s*")
_DAY_RANGE_SEP: Final = re.compile(r"\s*(?:-|–|to)\s*")


def _day_list(raw: str) -> str:
    """``d1,8,15``; consecutive single days join into a range ("days 1 and 2" is ``d1-2``)."""
    parts: list[list[int]] = []  # [first, last, 1 when built from single days]
    for item in _DAY_LIST_SEP.split(raw.strip()):
        nums = [int(x) for x in _DAY_RANGE_SEP.split(item) if x]
        if not nums:
            continue
        lo, hi = nums[0], nums[-1]
        if parts and parts[-1][2] and lo == hi == parts[-1][1] + 1:
            parts[-1][1] = hi
        else:
            parts.append([lo, hi, int(lo == hi)])
    return "d" + ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b, _ in parts)


def on_off_schedule(w: str) -> str | None:
    """A days- or weeks-on/off schedule as a day pattern: 4 weeks on, 2 off is ``d1-28 every 6 weeks``."""
    if "off" not in w and "for" not in w and "schedule" not in w:
        return None  # each form of _ON_OFF has one of these words
    m = _ON_OFF.search(w)
    if not m:
        return None
    g = m.groupdict()
    on_key = next(k for k in ("on", "on2", "on4") if g[k])
    off_key = next(k for k in ("off", "off2", "off3", "off4") if g[k])
    days = []
    for key in (on_key, off_key):
        n = numwords.to_int(g[key])
        assert n is not None  # _N is a count to_int reads (digits, or one to six)
        unit = g.get(key + "u") or "weeks"
        days.append(n if unit.startswith("d") else 7 * n)
    cycle = _weeks(days[0] + days[1], "days")
    return f"d1-{days[0]} {cycle}" if cycle and cycle != "weekly" else None


_Q_DAYS: Final = fastre.compile(r"\bq\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*d\b", re.I)


_TWICE_DAILY: Final = fastre.compile(r"\b(?:bid|b\.i\.d\.?|twice (?:a |per )?da(?:y|ily)|twice-daily|q12h|every 12 hours)\b")
_DAILY: Final = fastre.compile(r"\b(?:qd|q\.d\.?|once (?:a |per )?day|once daily|once-daily|daily|every day|per day|/d(?:ay)?\b|a day)\b"
                        r"|/d\b|/day\b")
_WEEKLY: Final = fastre.compile(r"\b(?:weekly|once a week|every week|qw|q1w)\b")
_Q_WEEKS: Final = fastre.compile(r"\bq\s*(\d)\s*w(?:k|eeks?)?\b")
_EVERY: Final = fastre.compile(r"\bevery\s+(\d{1,2}|one|two|three|four|five|six)\s*(days?|weeks?)\b")
_CYCLE_DAYS: Final = fastre.compile(r"\b(\d{1,2})[- ]day cycles?\b|\bcycles? (?:of|was|were|every)\s+(\d{1,2}) days\b"
                             r"|\b(\d{1,2})\s*days? (?:per|a|each) cycle\b")
_N_DAYS: Final = fastre.compile(r"\b\d+[- ]days?\b")
_DAILY_WORD: Final = fastre.compile(r"\b(?:qd|daily|/d)\b")


def _same_phrase(w: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """No comma or semicolon between two spans: "day 1 of each 21-day cycle", not "day 1, repeated every 21 days"."""
    lo, hi = (a, b) if a[0] < b[0] else (b, a)
    return not re.search(r"[,;]", w[lo[1]:hi[0]])


@lru_cache(maxsize=4096)  # the same dose windows recur (repeated sentences, several rules)
def parse_frequency(window: str) -> str | None:
    """Normalise a schedule phrase: ``daily``, ``twice daily d1-14 every 3 weeks``, ``d1,8``..."""
    w = window.lower()
    on_off = on_off_schedule(w)
    if on_off:
        return on_off
    per = None
    if _TWICE_DAILY.search(w):
        per = "twice daily"
    elif _DAILY.search(w):
        per = "daily"
    elif _WEEKLY.search(w):
        per = "weekly"
    cycle, cycle_at = None, None
    m = _Q_WEEKS.search(w)
    if m:
        cycle = _weeks(int(m.group(1)), "w")
    if cycle is None:  # "every 3 weeks" (a "q0w" that names no cycle falls through, it does not crash)
        m = _EVERY.search(w)
        if m:
            every = numwords.to_int(m.group(1))
            assert every is not None  # digits, or one to six
            cycle = _weeks(every, m.group(2))
    if cycle:
        assert m is not None  # the match the cycle was read from
        cycle_at = m.span()
    m2 = _CYCLE_DAYS.search(w)
    if m2 and cycle is None:
        n = int(next(g for g in m2.groups() if g))
        cycle = _weeks(n, "days")
        cycle_at = m2.span() if cycle else None
    days = None
    m3 = _DAYS_RX.search(w) or None
    if m3:
        days = _day_list(m3.group("list"))
    else:
        m4 = _Q_DAYS.search(w)
        if m4:
            days = f"d{m4.group(1)}-{m4.group(2)}"
    if days == "d1" and cycle and m3 and cycle_at and not per and _same_phrase(w, m3.span(), cycle_at):
        days = None  # "d1 q3w", "on day 1 of 21-day cycles": a dose once per cycle is "every 3 weeks"
    if days and per == "daily" and _N_DAYS.search(w) and not _DAILY_WORD.search(w):
        per = None
    if per == "weekly" and cycle:
        per = None
    parts = [p for p in (per if per != "daily" or not days else None, days, cycle) if p]
    if per == "daily" and days and cycle:
        parts = [days, cycle]
    if per == "twice daily" and days:
        parts = [per, days] + ([cycle] if cycle else [])
    if not parts and per:
        parts = [per]
    return " ".join(parts) or None


# ---------------------------------------------------------------- grades
_ROMAN: Final = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
GRADE_RX: Final = fastre.compile(
    r"\b(?:grade|gr\.?|g)\s*(?P<g>(?:≥|>=|>|≤|<)?\s*(?:[1-5]|iv|v|i{1,3})(?:\s*(?:-|–|to|/|or|and)\s*(?:g(?:rade)?\s*)?(?:[1-5]|iv|v|i{1,3}))?)(?![\w])",
    re.I,
)
_GRADE_RANGE_WORD: Final = re.compile(r"(?:to|/|or|and|–)")
_GRADE_DASH: Final = re.compile(r"(-)")
_GRADE_PREFIX: Final = re.compile(r"[≥><]*")


def norm_grade(g: str) -> str:
    g = g.lower().replace("grade", "").replace(" ", "")
    g = _GRADE_RANGE_WORD.sub("-", g)
    g = g.replace("g", "").replace(">=", "≥")
    parts = [_ROMAN.get(p, p) for p in _GRADE_DASH.split(g)]
    out = "".join(_ROMAN.get(p.lstrip("≥><"), p.lstrip("≥><")) if p != "-" else p for p in parts)
    pm = _GRADE_PREFIX.match(g)
    assert pm is not None  # the empty prefix matches at least
    prefix = pm.group(0)
    return prefix + out


_G_DIGIT: Final = re.compile(r"G\d")


def _may_hold_grade(text: str) -> bool:
    """False only where find_grades keeps no match: each it keeps starts with "gr" (any case) or is "G" and a digit.

    (The matches it drops, a bare "g", only take text from the matches after them: with none kept, none matter.)
    """
    return "gr" in fastre.fold(text) or _G_DIGIT.search(text) is not None


def find_grades(text: str) -> list[Span]:
    """Grades, each a Span whose value is the normalised grade (a str)."""
    out: list[Span] = []
    if not _may_hold_grade(text):
        return out
    for m in GRADE_RX.finditer(text):
        raw = m.group(0)
        if raw[0] in "gG" and not raw.lower().startswith("gr") and not _G_DIGIT.match(raw):
            continue
        out.append(Span(m.start(), m.end(), norm_grade(m.group("g"))))
    return out

