"""Which arm or subgroup a cohort value belongs to, and how many patients that group has.

Abstracts name arms in a few grammatical frames: a coordinated list paired by
"respectively" ("in the AB and CD arms, respectively"), a phrase after each
value ("12.0 months with drug A versus 8.1 months with drug B"), or a contrast
before the values ("patients allocated A plus C versus B plus C (median x vs
y)").  A hazard ratio is labelled by the factor it qualifies ("age > 70 (HR
1.9)") or by the comparison of the document's two arms, with its endpoint.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from .. import fastre
from .. import numwords
from .cohort import CohortValue

_WORD: Final = r"[\w/+.≥≤<>-]+"
_HEAD: Final = r"(?:arms?|groups?|cohorts?|patients|subgroups?|populations?)"
# "in the AB and CD arms, respectively"; "for first-line and pretreated patients reached ..."
_RESP_LIST: Final = fastre.compile(
    rf"\b(?:in|for|among|with|of)\s+(?:the\s+)?(?P<a>{_WORD}(?:\s+{_WORD}){{0,2}}?)\s+(?:and|or|vs\.?|versus)\s+"
    rf"(?:the\s+)?(?P<b>{_WORD}(?:\s+{_WORD}){{0,2}}?)\s+(?P<head>{_HEAD})\b", re.I)
# "in arms 1 and 2, respectively"
_HEAD_LIST: Final = fastre.compile(r"\b(?P<head>arms|groups|cohorts)\s+(?P<a>\w{1,3})\s+and\s+(?P<b>\w{1,3})\b", re.I)
# "with nivolumab", "for the CDD schedule", "in the control arm" right after a value (CIs already closed)
_AFTER: Final = fastre.compile(r"\s*(?:[^()\[\]]{0,40}\)\s*)?(?:(?:\([^()]*\)|\[[^\[\]]*\])\s*)?,?\s*(?:with|for|in|of\s+\d+\s+(?:patients\s+)?(?:allocated|assigned|"
                        r"randomi[sz]ed|treated with|receiving)(?:\s+to)?)\s+(?:the\s+)?(?P<l>[^,;.()\[\]]{2,40}?)"
                        r"(?=\s*(?:[,;.(\[]|\bversus\b|\bvs\.?|\bv\b|\band\b|\bthan\b|\bcompared\b|$))", re.I)
_BEFORE_VALUE: Final = fastre.compile(r"\b(?:in|for|among)\s+(?:the\s+)?(?P<l>[^,;()]{2,40}?)\s+(?:was|were|is|of|:)\s*$", re.I)
# "patients allocated A plus C versus B plus C", "randomised to A or B"
_CONTRAST: Final = fastre.compile(
    r"\b(?:allocated|assigned|randomi[sz]ed|receiving|treated with|given)\s+(?:to\s+)?(?:either\s+)?(?:the\s+)?"
    r"(?P<a>[^,;()]{2,40}?)\s+(?:versus|vs\.?|compared with|or)\s+(?:the\s+)?(?P<b>[^,;()]{2,40}?)(?=\s*[(,;.]|\s+(?:was|were|had)\b)",
    re.I)
_FACTOR: Final = fastre.compile(r"(?:^|[,;:]\s*|\band\s+|\bthat\s+|\bwere\s+|\bwas\s+)(?P<f>[^,;:()]{2,40}?)\s*[(\[]\s*(?:HR|hazard ratio|OR|odds ratio)\b",
                         re.I)
_FACTOR_COPULA: Final = fastre.compile(r"\b(?:that|showed|revealed)\s+(?:that\s+)?(?:the\s+)?(?P<f>[^,;:()]{2,40}?)\s+(?:was|were)\s+(?:an?\s+|the\s+)?"
                                r"(?:independent\s+)?(?:prognostic\s+|risk\s+)?(?:factors?|predictors?)\b", re.I)
_ENDPOINT: Final = fastre.compile(
    r"\b(?P<pfs>(?-i:PFS)|progression[- ]free survival|death or (?:disease )?progression|(?:disease )?progression or death)\b|"
    r"\b(?P<ttp>(?-i:TTP)|time to (?:tumou?r )?progression)\b|\b(?P<os>(?-i:OS)|overall survival|death|mortality|survival)\b", re.I)
_NOT_LABEL: Final = fastre.compile(r"^(?:a|an|all|any|each|both|those|responses?|patients?|median|respect|regard|terms?|this|these|"
                            r"the\s+(?:overall|whole|entire))\b|^\d|\d\s*(?:months?|weeks?)\b|\d\s*%\s*(?:lower|higher|reduction)|\bhazard\b|\bratio\b|\bHR\b", re.I)
_N_EQUALS: Final = fastre.compile(r"\(\s*(?:(?P<inside>[^;()]{2,40});\s*)?n\s*=\s*(?P<n>\d+)\s*\)", re.I)
_SIZE_HAD: Final = fastre.compile(r"\b(?P<n>\d+)\s+(?:patients\s+)?had\s+(?P<phrase>[^,;.()]{2,40}?)(?=\s*(?:[,;.(]|\band\b))", re.I)
_SIZE_BEFORE: Final = fastre.compile(rf"\b(?P<n>{numwords.COUNT})\s+patients\s+(?:were\s+)?(?:treated with|receiving|received|in|allocated to|"
                              rf"assigned to|given)\s+(?:the\s+)?(?P<phrase>[^,;.()]{{2,40}}?)(?=\s*(?:[,;.(]|\band\b|\bfrom\b))", re.I)
_SPACES: Final = re.compile(r"\s+")
_LY_HYPHEN: Final = re.compile(r"\b(\w+ly)-(?=\w)")


def tidy(label: str) -> str:
    """A label as the text writes it, with spacing collapsed and no trailing punctuation."""
    return _SPACES.sub(" ", label).strip(" ,.")


@functools.lru_cache(maxsize=1024)
def _fold(label: str) -> str:
    """A matching key: "treatment-naïve" and "treatment-naive", "previously-treated" and "previously treated" are one
    label told two ways (only to find an earlier mention; the printed label keeps the text's spelling).  Cached: each
    new mention is compared with every label met before it."""
    s = "".join(c for c in unicodedata.normalize("NFKD", label.lower()) if not unicodedata.combining(c))
    return _LY_HYPHEN.sub(r"\1 ", s)


@dataclass
class Arms:
    """Arm labels met so far in a document, so later mentions ("ramucirumab") take the full label and HRs a comparison."""

    labels: list[str] = field(default_factory=list)
    sizes: list[tuple[str, int]] = field(default_factory=list)
    total: int | None = None  # the study's size: a "subgroup" of that size is the whole cohort

    def canonical(self, label: str) -> str:
        low = _fold(label)
        for known in self.labels:
            k = _fold(known)
            if low == k or low in k and re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", k):
                return known
        return label

    def add(self, labels: list[str]) -> list[str]:
        out = [self.canonical(tidy(x)) for x in labels]
        for x in out:
            if x not in self.labels:
                self.labels.append(x)
        return out

    def size(self, label: str) -> int | None:
        low = label.lower()
        hits = {n for phrase, n in self.sizes if _within(low, phrase.lower()) or _within(phrase.lower().strip(), low)}
        return hits.pop() if len(hits) == 1 else None

    def comparison(self) -> str | None:
        """"A vs B" for a two-arm document, minus the backbone both arms share ("X plus docetaxel")."""
        if len(self.labels) != 2:
            return None
        a, b = self.labels
        ta, tb = a.split(), b.split()
        k = 0
        while k < min(len(ta), len(tb)) - 1 and ta[-1 - k].lower() == tb[-1 - k].lower():
            k += 1
        if k >= 2 and ta[-k].lower() in ("plus", "with", "+", "and"):
            ta, tb = ta[:-k], tb[:-k]
        return f"{' '.join(ta)} vs {' '.join(tb)}"


_HEAD_CHARS: Final = 6000
"""Group sizes are stated with the design, in the abstract and methods: the document's head, not all of it."""


def _within(part: str, whole: str) -> bool:
    return bool(part) and part in whole and re.search(rf"(?<![\w-]){re.escape(part)}", whole) is not None


_PHRASE_BREAK: Final = re.compile(r"[,;()]")


def arm_sizes(text: str) -> list[tuple[str, int]]:
    """(phrase, n) pairs for group sizes: "drug A plus C (n=40)", "(schedule X; n = 38)", "25 patients treated with AB"."""
    out: list[tuple[str, int]] = []
    text = text[:_HEAD_CHARS]
    for m in _N_EQUALS.finditer(text) if "=" in text else ():  # anchored on "n =", then the phrase behind it
        if m.group("inside"):
            out.append((m.group("inside").strip(), int(m.group("n"))))
            continue
        before = _PHRASE_BREAK.split(text[max(0, m.start() - 60):m.start()])[-1].strip()
        if len(before) >= 2:
            out.append((before, int(m.group("n"))))
    if "patients" in text or " had " in text:
        low = fastre.fold(text)
        for rx in (_SIZE_BEFORE, _SIZE_HAD):
            if not (_size_before_possible(low) if rx is _SIZE_BEFORE else _size_had_possible(low)):
                continue  # (the count-led scan tries every digit and number letter of the head)
            for m in rx.finditer(text):
                n = numwords.to_int(m.group("n"))
                if n is not None:
                    out.append((m.group("phrase").strip(), n))
    return out


# Necessary conditions of _SIZE_BEFORE and _SIZE_HAD, read on the fold (where each re.I match of theirs is
# written in lower case): a "patients" with a count before it and one of the verbs after it, a "had" with a number
# (and maybe "patients") before it.  Without one the pattern cannot match and its scan is skipped.
# How a numwords.COUNT ends: a digit, a count to twelve, or "-teen"/"-ty" (thirteen to nineteen, the tens).
_COUNT_END: Final = re.compile(r"(?:\d|" + "|".join(numwords.UP_TO_TWELVE) + r"|teen|ty)$")
_SIZE_VERB: Final = re.compile(r"\s+(?:were\s+)?(?:treated with|receiving|received|in|allocated to|assigned to|given)\s")


def _space_before(low: str, i: int) -> int:
    """Where the whitespace run that ends at ``i`` begins (``i`` itself when there is none)."""
    while i > 0 and low[i - 1].isspace():  # (str.isspace is re's \s)
        i -= 1
    return i


def _size_before_possible(low: str) -> bool:
    i = low.find("patients")
    while i >= 0:
        j = _space_before(low, i)
        if j < i and _SIZE_VERB.match(low, i + 8) and _COUNT_END.search(low, max(0, j - 6), j):
            return True
        i = low.find("patients", i + 8)
    return False


def _size_had_possible(low: str) -> bool:
    i = low.find("had")
    while i >= 0:
        if low[i + 3:i + 4].isspace():
            j = _space_before(low, i)
            if j < i and low.endswith("patients", 0, j):
                k = _space_before(low, j - 8)
                if 0 < k < j - 8 and low[k - 1].isdecimal():
                    return True
            if 0 < j < i and low[j - 1].isdecimal():
                return True
        i = low.find("had", i + 3)
    return False


_WHO: Final = fastre.compile(r"^(?:the\s+)?(?:patients|those|subjects|cases|participants)\s+(?:with|who\s+(?:had|were))\s+", re.I)


def _ok(label: str) -> bool:
    return bool(label) and not _NOT_LABEL.search(_WHO.sub("", label)) and len(label.split()) <= 8


def _bare(label: str) -> str:
    """"patients with liver metastases" -> "liver metastases": the subgroup as the text names it."""
    return _WHO.sub("", label.strip())


def _endpoint(text: str, pos: int) -> str | None:
    """The survival endpoint an HR is about: the last one named before it, else the first after."""
    before = [m for m in _ENDPOINT.finditer(text, 0, pos)]
    m = before[-1] if before else _ENDPOINT.search(text, pos)
    if m is None:
        return None
    return "PFS" if m.group("pfs") else "TTP" if m.group("ttp") else "OS"


def label_values(text: str, values: list[CohortValue], arms: Arms) -> None:
    """Set ``cohort`` on the values of one sentence whose wording names their arm or subgroup."""
    groups: dict[str, list[CohortValue]] = {}
    for v in values:
        if v.slot >= 0 and v.measure not in ("HR", "OR"):
            groups.setdefault(v.measure, []).append(v)
    multi = [g for g in groups.values() if max(v.slot for v in g) >= 1]
    if multi:
        labels = _listed(text, min(v.start for g in multi for v in g))
        for g in multi:
            n = max(v.slot for v in g) + 1
            names = labels if labels and len(labels) == n else _after_each(text, g)
            if not names:
                names = _contrast(text, n) or _subject_arm(text, n, arms) or _versus_pair(text, g, arms)
            if names:
                names = arms.add(names)
                for v in g:
                    if v.slot < len(names):
                        v.cohort = names[v.slot]
    fronted = _fronted(text, arms)
    for v in values:
        if not v.cohort and v.measure not in ("HR", "OR") and v not in [x for g in multi for x in g]:
            v.cohort = fronted or _named_group(text, v, arms)
    for v in values:
        if v.measure not in ("HR", "OR") or v.cohort:
            continue
        e = _endpoint(text, v.start)
        f = _factor(text, v.start)
        if f:
            v.cohort = f"{tidy(f)} ({e})" if e else tidy(f)
        elif arms.comparison():
            v.cohort = f"{arms.comparison()} ({e})" if e else arms.comparison()


def _listed(text: str, first: int) -> list[str] | None:
    """Arms listed for values paired in order: with "respectively", or fronted ("In the A and B cohorts, ORRs were ...")."""
    fronted = "respectively" not in text
    m = _HEAD_LIST.search(text)
    if m and (not fronted or m.end() <= first):
        head = m.group("head").lower().rstrip("s")
        return [f"{head} {m.group('a')}", f"{head} {m.group('b')}"]
    m = _PAIR_HEADS.search(text)
    if m and _ok(m.group("a")) and _ok(m.group("b")) and not fronted:
        return [m.group("a"), m.group("b")]
    m = _RESP_LIST.search(text)
    if m and _ok(m.group("a")) and _ok(m.group("b")) and (not fronted or m.end() <= first):
        return [_shared_head(m.group("a"), m.group("b")), m.group("b")]
    return None


_MODIFIER: Final = fastre.compile(r"(?:[a-z]+-[a-z]+|[a-z]{3,}(?:ic|al|ous|ive|ar|ary|ant|ent)|high|low|early|late|poor|good|intermediate)", re.I)
"""Adjective-shaped words: "first-line", "hepatic", "squamous", "low" (not an -ly adverb, not a drug or a noun)."""
_NOT_HEAD: Final = fastre.compile(r"\b(?:plus|with|without|and|or|alone|vs|versus|\d+)\b|[+/]", re.I)


def _shared_head(a: str, b: str) -> str:
    """"gastric and oesophageal adenocarcinoma": two modifiers of one noun, which the first takes too."""
    first, *tail = b.split()
    if len(a.split()) != 1 or not tail or first.lower().endswith("ly") or a.lower() == first.lower():
        return a
    if not (_MODIFIER.fullmatch(a) and _MODIFIER.fullmatch(first)) or _NOT_HEAD.search(" ".join(tail)):
        return a
    return f"{a} {' '.join(tail)}"


def _versus_pair(text: str, group: list[CohortValue], arms: Arms) -> list[str] | None:
    """"(23.1 v 23.5 months)" in a two-arm document: the values follow the arms' order."""
    if len(arms.labels) != 2 or len(group) != 2:
        return None
    a, b = sorted(group, key=lambda v: v.slot)
    if a.at_end < 0 or b.at < 0 or not re.fullmatch(r"\s*(?:months?|%)?\s*(?:v|vs\.?|versus)\s*", text[a.at_end:b.at]):
        return None
    return list(arms.labels)


def _after_each(text: str, group: list[CohortValue]) -> list[str] | None:
    names: list[str] = []
    prev = min(v.start for v in group)
    for v in sorted(group, key=lambda x: x.slot):
        m = _AFTER.match(text, v.at_end) if v.at_end >= 0 else None
        if m is None or not _ok(m.group("l").strip()):
            m = _BEFORE_VALUE.search(text, prev, v.at) if v.at > prev else None
        if m is None or not _ok(m.group("l").strip()):
            return None
        names.append(_bare(m.group("l")))
        prev = v.at_end
    return names if len(set(names)) == len(names) else None


def _contrast(text: str, n: int) -> list[str] | None:
    m = _CONTRAST.search(text)
    if n == 2 and m and _ok(m.group("a").strip()) and _ok(m.group("b").strip()):
        return [m.group("a").strip(), m.group("b").strip()]
    return None


_SUBJECT_COMPARED: Final = fastre.compile(
    r"\s*(?:the\s+)?(\S+(?:\s+\S+){0,3}?)\s+(?:(?:resulted in|led to|showed|achieved|gave|produced|yielded|was associated with)"
    r"\s+(?:an?\s+)?(?:(?:significantly|numerically|statistically)\s+)?(?:longer|shorter|higher|lower|greater|better|worse|"
    r"superior|inferior|improved|more|fewer)\b|(?:was|were)\s+(?:(?:significantly|numerically|statistically)\s+)?"
    r"(?:superior|inferior|better|worse)\b)", re.I)
""""XP resulted in longer TTP", "A was superior": a comparison of the subject arm with the other, not any verb after an arm."""


def _subject_arm(text: str, n: int, arms: Arms) -> list[str] | None:
    """"AB gave a longer PFS (7.0 vs 5.0 months)": the subject arm first, the document's other arm second."""
    if n != 2 or len(arms.labels) != 2:
        return None
    m = _SUBJECT_COMPARED.match(text)
    if m is None:
        return None
    first = arms.canonical(tidy(m.group(1)))
    if first not in arms.labels:
        return None
    return [first, next(x for x in arms.labels if x != first)]


_FRONTED: Final = fastre.compile(r"\s*(?:in|among|for)\s+(?:the\s+)?(?P<l>[^,;()]{2,40}?)\s+(?:group|arm|cohort|subgroup|subset)"
                          r"\s*(?:\(\s*n\s*=\s*\d+\s*\))?\s*,", re.I)
""""In the prior surgery group, the median OS was ...": every value of the sentence belongs to that group."""
_FRONTED_N: Final = fastre.compile(r"\s*(?:in|among|for)\s+(?:the\s+)?(?:subgroup\s+of\s+)?(?P<n>\d+)\s+patients\s+with\s+"
                            r"(?P<l>[^,;()]{2,40}?)\s*,", re.I)
# "Median OS in the A group (n=41) and B group (n=20) was x and y months, respectively"
_PAIR_HEADS: Final = fastre.compile(r"\b(?:in|for|among)\s+(?:the\s+)?(?P<a>[^,;()]{2,40}?)\s+(?:group|arm|cohort)\s*(?:\([^()]*\)\s*)?"
                             r"(?:and|vs\.?|versus)\s+(?:the\s+)?(?P<b>[^,;()]{2,40}?)\s+(?:group|arm|cohort)\b", re.I)


def _fronted(text: str, arms: Arms) -> str | None:
    """The group a sentence opens with: "In the X group, ...", "For the 41 patients with X, ..." (not the whole cohort)."""
    m = _FRONTED.match(text)
    if m and _ok(m.group("l")):
        return arms.add([m.group("l")])[0]
    m = _FRONTED_N.match(text)
    if m and _ok(m.group("l")) and int(m.group("n")) != arms.total:
        label = arms.add([m.group("l")])[0]
        arms.sizes.append((label, int(m.group("n"))))
        return label
    return None


_GROUP_BEFORE: Final = fastre.compile(r"\b(?:for|in|among)\s+(?:the\s+)?(?P<l>[^,;()]{2,40}?)\s+(?:patients|group|arm|cohort)\b", re.I)


def _named_group(text: str, v: CohortValue, arms: Arms) -> str | None:
    """"The 3-year OS for treatment-naive patients was 58%": a group the document already named as an arm."""
    if v.at < 0 or not arms.labels:
        return None
    for m in _GROUP_BEFORE.finditer(text, v.start, v.at):
        label = arms.canonical(tidy(m.group("l")))
        if label in arms.labels:
            return label
    return None


_CLAUSE: Final = fastre.compile(r"\b(?:favou?red|improved|prolonged|was|were|is|are|had|has|showed|reduced|increased|decreased|longer|"
                         r"shorter|better|worse|significantly|lower|higher)\b", re.I)
"""A covariate is a noun phrase; a phrase with a verb or comparative is the clause around the ratio."""
_LEADING_AND_OR: Final = re.compile(r"^(?:and|or)\s+")


def _factor(text: str, pos: int) -> str | None:
    """The subgroup or covariate an HR qualifies: "age >= 70 (HR ...", "analysis showed that X was a risk factor"."""
    found = list(_FACTOR.finditer(text, max(0, pos - 80), pos + 2))
    if found:
        f = _LEADING_AND_OR.sub("", found[-1].group("f").strip())
        if f and not _ENDPOINT.search(f) and not _CLAUSE.search(f) and _ok(f):
            return f
    m = _FACTOR_COPULA.search(text, 0, pos)
    if m and _ok(m.group("f").strip()):
        return m.group("f").strip()
    return None


# who a study counts: patients, or the people the paper names ("58 women were treated", "143 consecutive adults")
_PERSONS: Final = r"(?:patients|participants|subjects|women|men|adults|children|individuals)"
# the population the paper presents as its own, whose number wins at once (groups d and e): a subset
# ("we report results in this subset of N patients", not "... with X") or the assessable patients
_OWN_SUBSET: Final = (
    r"\bwe\s+(?:report|present|describe)\s+(?:the\s+)?results\s+(?:in|for|of|from)\s+(?:this|these|the)\s+"
    r"(?:subset|subgroup|cohort|group|population)\s+of\s+(?P<d>\d+)\b(?!\s+(?:[\w-]+\s+)?(?:with|who|whose|harbou?ring)\b)")
_OWN_ASSESSABLE: Final = r"\b(?:of|among)\s+(?:the\s+)?(?P<e>\d+)\s+(?:patients\s+)?(?:with\s+)?(?:assessable|evaluable)\b"
_OWN_POPULATION: Final = f"{_OWN_SUBSET}|{_OWN_ASSESSABLE}"
_ENROLLED: Final = fastre.compile(
    rf"\b(?P<a>{numwords.COUNT})\s+(?:[\w-]+\s+){{0,4}}?{_PERSONS}\b(?:\s*\([^()]*\))?(?:\s+(?:with|who)\s+[^.;]{{0,60}}?)?\s+(?:were|was)\s+"
    r"(?:\w+\s+)?(?:enrolled|included|randomi[sz]ed|treated|analy[sz]ed|evaluated|identified|registered|recruited|assigned|"
    r"allocated|eligible)\b|"
    rf"\b(?:enrolled|included|randomi[sz]ed|randomly assigned|analy[sz]ed|identified|examined|reviewed|recruited|administered to|"
    rf"records of|a total of)\s+(?:\w+\s+)?(?P<b>{numwords.COUNT})\s+(?:[\w-]+\s+){{0,4}}?{_PERSONS}\b|"
    rf"\b(?P<c>{numwords.COUNT})\s+patients\s+received\b|"
    rf"{_OWN_POPULATION}|"
    r"\b(?:for|in|of|among)\s+all\s+(?:the\s+)?(?P<f>\d+)\s+(?:study\s+)?(?:patients|participants)\b",
    re.I)
# Its own-population branches alone: where they match nowhere in a text, no match of _ENROLLED there is one of
# them (each match of _ENROLLED is a match of one branch at its start), so the first count found is the answer.
# Each branch is searched on its own (an alternation matches somewhere exactly when one of its branches does):
# apart, each has its own needles ("results", "assessable|evaluable") and the first a one-letter start ("w"),
# where together they shared only "results", in most abstracts, and a three-letter start set tried at each a/o/w.
_OWN_SUBSET_RX: Final = fastre.compile(_OWN_SUBSET, re.I)
_OWN_ASSESSABLE_RX: Final = fastre.compile(_OWN_ASSESSABLE, re.I)
# A necessary condition of _ENROLLED, tested on the folded lower case first: each alternative
# ends in, or contains, one of these words (a _PERSONS noun, "results", assessable|evaluable).
_ENROLLED_NEEDS: Final = ("patient", "participant", "subject", "results", "assessable", "evaluable", "men", "adults", "children",
                   "individuals")  # "men" is in "women" too
_SAMPLE_SIZE: Final = fastre.compile(r"\b(?:required|needed|planned|target(?:ed)?|sample size|power)\b", re.I)


def _own_population(text: str) -> bool:
    """Whether ``text`` names a population of its own (a match of _OWN_POPULATION somewhere)."""
    return _OWN_SUBSET_RX.search(text) is not None or _OWN_ASSESSABLE_RX.search(text) is not None


def cohort_size(text: str) -> int | None:
    """The study population: "N patients were enrolled", "a total of N patients"; a subset the paper presents as its own wins."""
    first: int | None = None
    text = text[:_HEAD_CHARS]
    low = fastre.fold(text)
    if not any(w in low for w in _ENROLLED_NEEDS):  # every alternative of _ENROLLED names one of these words
        return None
    own = _own_population(text)  # else the rest of the text cannot change the answer
    for m in _ENROLLED.finditer(text):
        stop = text.find(".", m.end())
        if _SAMPLE_SIZE.search(text, m.start(), stop if stop > 0 else len(text)):
            continue
        if m.group("d") or m.group("e"):
            return int(m.group("d") or m.group("e"))
        n = numwords.to_int(m.group("a") or m.group("b") or m.group("c") or m.group("f"))
        if first is None and n is not None:
            first = n
            if not own:
                return first
    return first
