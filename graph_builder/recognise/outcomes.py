"""Response categories and survival endpoints as written in case reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, TYPE_CHECKING

from .. import fastre
from .quantities import DURATION_RX, _UNIT_WORDS, has_digit

if TYPE_CHECKING:
    from ..models import Qualifier, ResponseCode


@dataclass
class Mention:
    start: int
    end: int
    value: ResponseCode
    strength: str = "strong"  # strong: a RECIST label; weak: progression described in words


# what recurs must be the tumour or a body site ("relapse of the carcinoma", "recurrence in the liver"),
# not an infection or a symptom ("relapse of viral hepatitis", "recurrence of pain")
_DISEASE_OR_SITE: Final = (r"(?:(?:the|his|her|a|an|local|distant|primary|metastatic)\s+){0,2}(?:[\w-]+\s+){0,2}?"
                    r"(?:tumou?rs?|cancer|\w+omas?|leuka?emia|neoplasm|malignancy|disease|lesions?|metastas[ie]s|"
                    r"dissemination|deposits|implants|nodules?|mass|primary|liver|lungs?|brain|bones?|pleura|peritoneum|"
                    r"lymph nodes?|nodes?|skin|breast|pelvis|chest wall|adrenal|abdomen|spine|site)\b")

_RESPONSE_PATTERNS: Final[tuple[tuple[ResponseCode, str, str], ...]] = (
    ("nCR", "strong", r"\bnear[- ]?(?:complete response|complete remission|CR)\b|\bnearly complete (?:response|remission)\b|\bnCR\b"),
    ("CR", "strong", r"\bcomplete (?:(?:metabolic|radiologic(?:al)?|radiographic|clinical|patholog(?:ic|ical)|imaging|"
                     r"cytogenetic|molecular|hematologic(?:al)?) )?(?:response|remission)\b|(?<![\w-])p?CR(?![\w-])"),
    ("CR", "weak", r"\b(?:lesions?|metastas[ie]s|tumou?rs?)\b[^.;]{0,40}\b(?:completely disappeared|disappeared completely)\b"),
    ("PR", "strong", r"\bpartial (?:(?:metabolic|radiologic(?:al)?|radiographic|clinical) )?(?:response|remission)\b|(?<![\w-])PR(?![\w-])"),
    ("SD", "strong", r"\bstable disease\b|(?<![\w±-])SD(?![\w-])|\bdisease (?:was|remained) stable\b"),
    ("PD", "strong", r"\bprogressive disease\b|(?<![\w-])PD(?![\w-])|\bdisease (?:had |has )?progress(?:ed|ion)\b|"
                     r"\b(?:tumou?r|significant|further|third|second|local|intracranial|disease) progression\b|"
                     r"\bprogression (?:of|was (?:detected|observed|found|noted|documented|confirmed|seen|evident|shown|diagnosed))\b|"
                     r"\b(?:after|upon|on|at|following) (?:further |radiological |radiographic |clinical )?progression\b|\bdrug resistance (?:appeared|developed|occurred)\b|"
                     r"\bprogressed\b"),
    ("PD", "weak", r"\b(?:new|several new|new metastatic) (?:lesions?|metastas[ie]s)\b|\btumou?r recurrence\b|"
                   r"\b(?:increase|enlargement) (?:in|of) (?:the )?(?:tumou?r|lesions?)(?: size)?\b|"
                   r"\b(?:increased|enlarged|larger) (?:\w+ )?(?:lesions?|metastas[ie]s)\b|"
                   r"\blesions? (?:\w+ ){0,3}(?:were|was|had) (?:obviously |further |significantly )?(?:enlarged|increased|larger)\b|"
                   r"\brecurrence at\b|\b(?:recurrence|relapse|regrowth) (?:of|in) " + _DISEASE_OR_SITE + "|"
                   r"\bnew (?:\w+ ){0,3}(?:lesions?|metastas[ie]s|dissemination|nodules?|foci|deposits)\b"),
)
_RESPONSE_RX: Final = [(cat, strength, fastre.compile(rx, re.I)) for cat, strength, rx in _RESPONSE_PATTERNS]
# Words one of which each pattern above needs before its match can count, in pattern order: (lower-case words of its
# long forms, found in the text's fold; labels of its short forms, as written).  A match of three characters or less
# counts only when it is written as _CASE_SENSITIVE spells it (nCR, CR, pCR, PR, SD, PD: each holds the label), so a
# text without the long forms' words and without the labels gets nothing from the pattern and it is not scanned.
# (Found in the fold, the bare "cr", "pr", "sd", "pd" were in most sentences: "increase", "presented", "updated".)
_RESPONSE_NEEDLES: Final[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = (
    (("near",), ("nCR",)),
    (("complete",), ("CR",)),
    (("disappeared",), ()),
    (("partial",), ("PR",)),
    (("stable",), ("SD",)),
    (("progress", "drug resistance"), ("PD",)),
    (("new", "recurrence", "increase", "enlarge", "larger", "lesion", "relapse", "regrowth"), ()),
)
_CASE_SENSITIVE: Final = fastre.compile(r"^(?:CR|PR|SD|PD|nCR|pCR)$")  # "pCR": pathological complete response, not "PCR"
_NOT_RESPONSE_AFTER: Final = fastre.compile(r"^\s*(?:\(\s*[+-−]|[+-]|positive|negative|status|expression|-?L1|-?1\b|interval|score)", re.I)
_NOT_RESPONSE_BEFORE: Final = fastre.compile(r"(?:\bER\b[^.]{0,15}|±\s*|mean\s*|\bHER2\b[^.]{0,20})$")
_NEGATED: Final = fastre.compile(r"\b(?:no|without|not|absence of|free of|no evidence of|no sign of|no signs of|nor)\s+(?:\w+\s+){0,3}$", re.I)

# a finding only suspected or mimicked ("concerning for disease progression", "may mimic progression")
_HEDGED: Final = fastre.compile(r"\b(?:(?:concerning|suspicious|suggestive|worrisome|concern)\s+(?:for|of)|suspected|mimic\w*|"
                         r"(?:could|may|might)\s+(?:represent|indicate|be)|possible|possibly|rule\s+out|ruled\s+out)\s+"
                         r"(?:\w+\s+){0,2}$", re.I)


# "the pulmonary disease stayed stable" judges one site, not the overall response
_SITE_WORDS: Final = frozenset("intracranial extracranial intrahepatic extrahepatic local nodal pulmonary hepatic cerebral "
                        "brain liver lung bone peritoneal".split())


def _site_limited(text: str, start: int) -> bool:
    prev = text[max(0, start - 20):start].split()
    return bool(prev) and prev[-1].lower() in _SITE_WORDS


# a response criterion, not a finding ("PD was defined as ...", "criteria for PD were new lesions")
_DEFINITION_BEFORE: Final = fastre.compile(r"\b(?:criteri(?:a|on)\s+(?:for|of)|defined\s+(?:as|by)|definitions?\s+of)\b[^.;]{0,80}$", re.I)
_DEFINITION_AFTER: Final = fastre.compile(r"\s*(?:\([^()]{0,20}\)\s*)?(?:(?:was|were|is|are)\s+defined|criteri(?:a|on)|definitions?)\b", re.I)


def _defines(text: str, start: int, end: int) -> bool:
    """The mention sits in a definition of response categories rather than reporting one."""
    return bool(_DEFINITION_BEFORE.search(text, max(0, start - 90), start) or _DEFINITION_AFTER.match(text, end))


def find_responses(text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    low = fastre.fold(text)  # (the lower case re's IGNORECASE compares: needles found there hold for the patterns)
    for (cat, strength, rx), (words, labels) in zip(_RESPONSE_RX, _RESPONSE_NEEDLES):
        if not (fastre.holds_any(low, words) or fastre.holds_any(text, labels)):
            continue
        for m in rx.finditer(text):
            s = m.group(0)
            if len(s) <= 3 and not _CASE_SENSITIVE.match(s):
                continue
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if len(s) <= 3 and (_NOT_RESPONSE_AFTER.match(text[m.end():m.end() + 12])
                                or _NOT_RESPONSE_BEFORE.search(text[max(0, m.start() - 25):m.start()])):
                continue
            before = text[max(0, m.start() - 40):m.start()]
            if _NEGATED.search(before) or _HEDGED.search(before):
                continue
            if _defines(text, m.start(), m.end()):
                continue
            if s.lower().startswith("disease") and _site_limited(text, m.start()):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), cat, strength))
    return sorted(out, key=lambda x: x.start)


# ---------------------------------------------------------------- survival
# A progression-free time told in words ("stayed progression free for over 4 years", "no progression
# for 8 months", "without signs of progression for at least 30 months") is a PFS; being alive
# a stated time after diagnosis or treatment ("alive 20 months after diagnosis") is an OS.
_PFS_WORDS: Final = (r"\bprogression[- ]free(?!\s+(?:survival|interval|rates?)\b)|"
              r"\b(?:(?:no|without)(?:\s+any)?(?:\s+(?:evidence|signs?)\s+of)?|free\s+of)\s+(?:(?:further|disease|tumou?r)\s+)?progression\b")
_ALIVE: Final = r"\b(?:is|was|remains?|remained|still|being|been)\s+alive\b"
# a death dated from an origin: "died 19 months after diagnosis", "died in May, 28 months after the diagnosis"
_DIED: Final = r"(?i:\bdied\b|\bpassed away\b)"
_FROM_ORIGIN: Final = fastre.compile(r"\s+(?:after|from|since|following)\b", re.I)
_ENDPOINTS: Final = (
    ("PFS", r"\bprogression[- ]free (?:survival|interval)\b|\bPFS\d?\b|" + _PFS_WORDS),
    ("OS", r"\boverall survival\b|(?<![\w-])OS(?![\w-])|\bsurviv(?:al|ed)\b|" + _ALIVE + "|" + _DIED),
    ("TTP", r"\btime to (?:tumou?r )?progression\b|\bTTP\b"),
)
_ENDPOINT_RX: Final = [(e, fastre.compile(rx, re.I if e != "OS" else 0)) for e, rx in _ENDPOINTS]
# Words one of which every match of the OS pattern holds: "OS", "surviv" and "alive" as written, "died" and
# "passed away" in any case (its (?i:...) part).  Case-sensitive with a scoped flag, it gets no start set from
# fastre and was tried at every character of every sentence with a duration.
_OS_NEEDLES: Final = ("OS", "surviv", "alive")
_DIED_NEEDLES: Final = ("died", "passed away")


def _may_name_os(text: str) -> bool:
    return fastre.holds_any(text, _OS_NEEDLES) or fastre.holds_any(fastre.fold(text), _DIED_NEEDLES)


def _needles_of_all(patterns: list[fastre.Pattern]) -> tuple[str, ...] | None:
    """The words one of which every match of any of ``patterns`` holds (fastre's, for each), or None when one of
    them has none."""
    out: set[str] = set()
    for rx in patterns:
        found = fastre.required(rx)
        if found is None:
            return None
        out.update(found)
    return tuple(sorted(out))


# Words one of which every match of the PFS and the TTP pattern holds (both case-insensitive: found in the fold).
_PFS_TTP_NEEDLES: Final = _needles_of_all([rx for ep, rx in _ENDPOINT_RX if ep != "OS"])


def _may_name_endpoint(text: str) -> bool:
    """False only where no endpoint pattern can match: then no duration is paired, and none is looked for."""
    return (_PFS_TTP_NEEDLES is None or fastre.holds_any(fastre.fold(text), _PFS_TTP_NEEDLES)) or _may_name_os(text)


_OS_WORDS: Final = fastre.compile(r"\boverall survival\b|\bsurviv(?:al|ed)\b|" + _ALIVE + "|" + _DIED, re.I)
_ALIVE_RX: Final = fastre.compile(_ALIVE, re.I)
_DIED_RX: Final = fastre.compile(_DIED)  # case-insensitive by its own (?i:...)
_QUALIFIERS: Final[tuple[tuple[Qualifier, str], ...]] = (
    (">=", r"\bat least\b|≥|>=|\bno less than\b"),
    (">", r"\bmore than\b|\bover\b|\blonger than\b|\bexceed(?:ed|ing|s)?\b|>|\bbeyond\b|\bsurpass"),
    ("<", r"\bless than\b|<|\bshorter than\b|\bwithin\b"),
    ("~", r"\babout\b|\bapproximately\b|\baround\b|~|∼|\bnearly\b|\balmost\b|\bapprox\.?"),
)


@dataclass
class SurvivalMention:
    start: int
    end: int
    endpoint: str
    value: float
    unit: str
    qualifier: Qualifier
    median: bool
    rate: bool = False


_QUALIFIERS_RX: Final = [(sym, fastre.compile(qrx, re.I)) for sym, qrx in _QUALIFIERS]
_RESPECTIVELY: Final = fastre.compile(r"\brespectively\b")
_GAP_BREAK: Final = fastre.compile(r"[;]|\b(?:after|since|from|for the first|follow-up)\b")
_RATE: Final = fastre.compile(r"\b(?:rate|\d+-(?:month|year))\b", re.I)
_LANDMARK_BEFORE: Final = fastre.compile(r"\b(?:\d+|one|two|three|five)[- ](?:month|year)\s*$", re.I)
_MEDIAN: Final = fastre.compile(r"\bmedian\b|\bm(?=PFS|OS|TTP)", re.I)


def find_survival(text: str) -> list[SurvivalMention]:
    """Endpoint + duration pairs: "a PFS of over 7 mo", "survived for 10 months"."""
    out: list[SurvivalMention] = []
    if not has_digit(text) or not _may_name_endpoint(text):  # no duration or no endpoint: no survival figure
        return out
    durs = list(DURATION_RX.finditer(text))
    if not durs:
        return out  # no duration to pair: spare the endpoint scans
    eps = []
    for ep, rx in _ENDPOINT_RX:
        if ep == "OS" and not _may_name_os(text):
            continue
        for m in rx.finditer(text):
            if ep == "OS" and not _OS_WORDS.match(m.group(0)) and m.group(0) != "OS":
                continue
            eps.append((m.start(), m.end(), ep))
    eps.sort()
    # "progression-free survival" also matches "survival" -> keep the longest at each position
    eps = [e for e in eps if not any(o[0] <= e[0] and e[1] <= o[1] and o != e for o in eps)]
    used: set[int] = set()
    for i, (a, b, ep) in enumerate(eps):
        nxt = eps[i + 1][0] if i + 1 < len(eps) else len(text)
        for d in durs:
            if d.start() < b or d.start() in used:
                continue
            gap = text[b:d.start()]
            if d.start() > nxt and not _RESPECTIVELY.search(text[d.end():d.end() + 30]):
                break
            if len(gap) > 70 or _GAP_BREAK.search(gap) and ep != "OS":
                break
            if _RATE.search(text[max(0, a - 12):a] + gap[:12]):
                break
            pre = text[max(0, a - 40):a]
            if _LANDMARK_BEFORE.search(pre):
                break
            died = ep == "OS" and bool(_DIED_RX.fullmatch(text, a, b))
            if died and not _FROM_ORIGIN.match(text, d.end()):
                continue  # "died 3 days later" dates nothing from the diagnosis or the treatment
            q: Qualifier = "="
            for sym, qrx in _QUALIFIERS_RX:
                if qrx.search(gap):
                    q = sym
                    break
            if q == "=" and ep == "OS" and _ALIVE_RX.fullmatch(text, a, b):
                q = ">="  # alive N months on: survival of at least N months (censored)
            median = bool(_MEDIAN.search(text[max(0, a - 30):b] + gap))
            used.add(d.start())
            out.append(SurvivalMention(a, d.end(), ep, float(d.group("v")), _UNIT_WORDS[d.group("u").lower()], q, median))
            break
    return out
