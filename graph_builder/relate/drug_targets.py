"""Drug → target statements, wherever the text states a mechanism.

A pair needs (1) a drug that is the sentence's subject — not one named
in a comparison ("than other TKIs (such as ...)") or as the object of
"resistance to" — or every drug of an IC50 comparison; (2) a target
after it tied by a mechanism cue (inhibits, binds, blocks, anti-X,
X-targeted, X inhibitor D, IC50 to X); (3) a target that is not only
named as a biomarker, a ligand being bound, or a pathway member.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

from .. import fastre
from ..recognise import Annotated
from ..recognise.drugs import DrugMention
from ..recognise.targets import TargetMention

_CUE: Final = fastre.compile(
    r"\b(?:inhibit\w*|block\w*|bind\w*|target\w*|antagon\w*|TKIs?|IC50|IC₅₀|selective\w*|against|compet\w*|"
    r"antibod\w*|mAb|blockade|suppress\w*|interaction|specificity|agonist|degrad\w*|neutrali[sz]\w*)\b|\banti-", re.I)
# a mechanism told in a fronted adverbial whose subject follows it: "By blocking T1 and T2, (the T inhibitor) D ..."
_FRONTED: Final = fastre.compile(r"^\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?(?:by|through|via)\s+(?:\w+ly\s+)?(?:inhibit|block|target|bind|antagoni[sz]|neutrali[sz])\w*\b",
                          re.I)
_AFTER_EXCLUDE: Final = fastre.compile(
    r"^[\s)-]*(?:-?(?:positive|negative|mutant|mutated|amplified|expressing|overexpressing|driven|dependent|low|high)\b|"
    r"(?:\w+\s+){0,2}?(?:resistance|resistant|mutations?|expression|overexpression|amplification|status|gene|"
    r"levels?|upregulation|downregulation|signal\w*|pathways?|cascade|copy|fusions?|rearrangements?|"
    r"phosphorylation|exon)\b)", re.I)
_BEFORE_EXCLUDE: Final = fastre.compile(r"(?:expression|levels?|amplification|mutations?|overexpression|status) of (?:the )?(?:\w+ )?$|"
                                 r"\bbinding of [\w-]+ to $|\bto bind $|\bbinding to $", re.I)
_CHAIN: Final = fastre.compile(r"^(?:\s*[/-]\s*[\w-]+)+[\s-]+(?:-?mediated\s+)?(?:signal\w*|pathways?|cascade|axis)", re.I)
_COMPARATIVE: Final = fastre.compile(r"\((?:such as|e\.g\.|including)[^()]*\)|\b(?:than|compared with|compared to|versus|vs\.?)\b[^.;]*$", re.I)
_RESISTANCE_OBJ: Final = fastre.compile(r"\b(?:resistance|resistant|refractory|failure|failed|progressed on|exposure) (?:to |of |after )?$", re.I)
_PRONOUN: Final = fastre.compile(r"^(?:It|Its|This (?:drug|agent|compound))\b|\bits\b")


_GENERIC_AFTER_ANTI: Final = fastre.compile(r"^\s*(?:-?targeted\s+)?(?:treatments?|therap(?:y|ies)|drugs?|agents?|regimens?|blockade|"
                                     r"immunotherap(?:y|ies))\b", re.I)
# "after / pretreated with / refractory to anti-T ...": a prior therapy class, not what this drug targets
_PRIOR_ANTI: Final = fastre.compile(r"\b(?:after|following|pre-?treated with|previously treated with|progress\w*\s+(?:on|after|following)|"
                             r"refractory to|resistant to|failure of|failed|prior)\s+(?:[\w-]+\s+){0,6}?anti[-–]$", re.I)


# the rest of a coordination of anti- targets before their shared head: "or anti-PD-L1 (PD-1/L1)"
_COORDINATED_ANTI: Final = fastre.compile(r"^(?:\s*(?:,|or|and|/)\s*(?:anti[-–])?[^\s,()]+(?:\s+[^\s,()]+){0,3}?)?\s*(?:\([^()]*\))?"
                                   r"\s*(?:-?targeted\s+)?(?:treatments?|therap(?:y|ies)|drugs?|agents?|regimens?)\b", re.I)


_CLASS_AFTER: Final = fastre.compile(r"^[\s-]*(?:tyrosine kinase\s+)?(?:inhibitors|TKIs|antagonists|blockers|antibodies|"
                              r"-?targeted (?:drugs|agents|therapies|treatments))\b", re.I)


_ANTI_BEFORE: Final = fastre.compile(r"anti[-–]$", re.I)
_BRACKET_START: Final = re.compile(r"^\s*\([^()]*\)")
_PUNCT: Final = re.compile(r"[,;.]")


def _excluded_target(text: str, t: TargetMention) -> bool:
    after = text[t.end:t.end + 60]
    if _CLASS_AFTER.match(after):
        return True  # "combined with EGFR inhibitors" names a drug class, not this drug's target
    if _ANTI_BEFORE.search(text[max(0, t.start - 5):t.start]) and (
            _GENERIC_AFTER_ANTI.match(after) or _COORDINATED_ANTI.match(after)
            or _PRIOR_ANTI.search(text[max(0, t.start - 60):t.start])):
        return True  # "anti-HER2 treatment", "anti-T1 or anti-T2 (T1/T2) therapy", "after anti-T" name a class of therapy
    after = _BRACKET_START.sub("", after)  # skip "(BCRP/MXR/ABCP)"
    after = _PUNCT.split(after, maxsplit=1)[0]
    if _AFTER_EXCLUDE.match(after) or _CHAIN.match(text[t.end:t.end + 80]):
        return True
    return bool(_BEFORE_EXCLUDE.search(text[max(0, t.start - 40):t.start]))


def _stated_targets(text: str, mentions: list[TargetMention]) -> list[TargetMention]:
    """Targets that may be a drug's; a bracketed abbreviation shares the fate of the name it abbreviates."""
    out, prev, prev_excluded = [], None, False
    for t in mentions:
        if t.family:
            continue
        if prev is not None and prev_excluded and re.fullmatch(r"\s*[(\[/]\s*", text[prev.end:t.start]):
            excluded = True  # "anti-PD-L1 (PD-1/L1) therapy", "anti-PD-1/PD-L1 therapy"
        else:
            excluded = _excluded_target(text, t)
        if not excluded:
            out.append(t)
        prev, prev_excluded = t, excluded
    return out


def _coordinated(text: str, a: DrugMention, b: DrugMention) -> bool:
    lo, hi = (a, b) if a.start < b.start else (b, a)
    return bool(re.fullmatch(r"\s*(?:,|and|or|, and|/)\s*", text[lo.end:hi.start]))


_EXAMPLE_LIST: Final = fastre.compile(r"\((?:such as|e\.g\.|including)[^()]*$", re.I)
_COMPARED: Final = fastre.compile(r"\b(?:than|compared with|compared to|versus|vs\.?)\b", re.I)
_IC50: Final = fastre.compile(r"IC50|IC₅₀")


# "A, which selectively inhibits T": the relative clause belongs to A whatever A's role in the sentence
_RELATIVE: Final = fastre.compile(r"^\s*(?:\([^()]*\)\s*)?,?\s*(?:which|that)\s+(?:\w+\s+){0,2}?"
                           r"(?:inhibit|bind|target|block|antagoni)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$", re.I)


def _compared_object(left: str) -> bool:
    """The drug follows "than/compared with/versus" in the same phrase; "Compared with A, B binds T" closes
    the comparison at the comma, so B is a subject again."""
    last = None
    for last in _COMPARED.finditer(left):
        pass
    if last is None:
        return False
    fronted = not left[:last.start()].strip()  # "Compared with A, B ...": the phrase opens the sentence
    return not (fronted and re.match(r"^\s*[\w-]+(?:\s+[\w-]+){0,3}\s*,\s*", left[last.end():]))


def _subject_drugs(a: Annotated) -> list[DrugMention]:
    """The sentence's drugs that may be its subject (computed once per sentence, kept in ``a.memo``): the
    sentence's own cue asks for them, and so may any later pronoun sentence of its paragraph."""
    key = __name__ + ".subjects"
    found = a.memo.get(key)
    if found is None:
        found = a.memo[key] = _find_subject_drugs(a)
    return found  # type: ignore[return-value]


def _find_subject_drugs(a: Annotated) -> list[DrugMention]:
    text = a.text
    out = []
    for d in a.drugs:
        left = text[:d.start]
        if _EXAMPLE_LIST.search(left):
            continue
        if _compared_object(left) and not _IC50.search(text):
            continue
        if _RESISTANCE_OBJ.search(left[-40:]):
            continue
        out.append(d)
    return out


_IC50_CUE: Final = fastre.compile(r"IC50|IC₅₀|half maximal inhibitory", re.I)

# a noun phrase the target heads as the drug's class: "T (immune checkpoint) inhibitor (antibody)",
# "(T)-directed antibody–drug conjugate", "T antagonist", "anti-T immunotoxin"
_HEAD: Final = r"(?:inhibitors?|antibod(?:y|ies)|mAbs?|TKIs?|blockers?|antagonists?|immunotoxins?|conjugates?|ADCs?|degraders?)"
_TARGET_NP: Final = fastre.compile(
    rf"^[\s)\]]*(?:\([^()]*\)\s*)?(?:[-–](?:directed|targeted|targeting|specific)\b\s*)?(?:[\w–-]+\s+){{0,4}}?{_HEAD}\b", re.I)
# the drug this noun phrase describes: right after it ("T inhibitor D", "anti-T immunotoxin, D") ...
_NP_THEN_DRUG: Final = fastre.compile(r"^\s*,?\s*(?:the\s+|called\s+|named\s+)?$", re.I)
# ... or before it, in apposition or as a copula's subject ("D, a human T antagonist", "D is an anti-T antibody")
_DRUG_THEN_NP: Final = fastre.compile(
    r"^[\s)\]]*(?:\([^()]*\)\s*)?(?:(?:,|—|–|--|\()\s*(?:an?\s+|the\s+)?|(?:\bis|\bwas|,?\s*which is)\s+(?:an?|the)\s+)"
    r"(?:[\w-]+\s+){0,6}?(?:\(\s*)?(?:anti[-–]\s*)?$", re.I)


_ARTICLE_BEFORE: Final = fastre.compile(r"\b(?:an?|another|other)\s+(?:[\w-]+\s+){0,2}?(?:anti[-–]\s*)?$", re.I)


def _unnamed_agent(text: str, t: TargetMention) -> bool:
    """The target heads an indefinite class noun phrase ("an anti-T antibody") that no drug is named by."""
    return bool(_TARGET_NP.match(text[t.end:t.end + 90]) and _ARTICLE_BEFORE.search(text[max(0, t.start - 40):t.start]))


def _np_drug(text: str, t: TargetMention, drugs: list[DrugMention]) -> str | None:
    """The drug a class noun phrase headed by ``t`` names, in either order; None when there is none."""
    np = _TARGET_NP.match(text[t.end:t.end + 90])
    if not np:
        return None
    end = t.end + np.end()
    after = [d for d in drugs if d.start >= end]
    if after and _NP_THEN_DRUG.match(text[end:after[0].start]):
        return after[0].name
    before = [d for d in drugs if d.end <= t.start]
    if before and _DRUG_THEN_NP.match(text[before[-1].end:t.start]):
        return before[-1].name
    return None


def _fronted_subject(text: str, t: TargetMention, drugs: list[DrugMention]) -> DrugMention | None:
    """The subject of a fronted mechanism ("By blocking T1, T2 and T3, the multikinase inhibitor D ..."): the
    first drug after the comma that closes the adverbial, when no drug is named before the target."""
    m = _FRONTED.match(text)
    if m is None or t.start < m.end() or any(d.start < t.start for d in drugs):
        return None
    after = next((d for d in drugs if d.start >= t.end), None)
    if after is None or _PUNCT_STOP.search(text, t.end, after.start):
        return None
    comma = text.rfind(",", t.end, after.start)
    # the drug heads the noun phrase right after the adverbial: ", (the multikinase inhibitor) D"
    return after if comma >= 0 and _SUBJECT_NP.fullmatch(text, comma + 1, after.start) else None


_PUNCT_STOP: Final = re.compile(r"[;.:]\s")
_SUBJECT_NP: Final = re.compile(r"\s*(?:(?:the|this|a|an)\s+)?(?:(?:[\w-]+\s+){0,4}?(?:inhibitors?|antibod(?:y|ies)|agents?|drugs?|"
                         r"TKIs?|conjugates?|compounds?|molecules?)\s+)?", re.I)


# "these kinases", "both of these receptors", "both of them": the targets the sentence before named
_ANAPHOR: Final = fastre.compile(r"\b(?:both\s+(?:of\s+)?(?:these|those|the)|these|those|both)\s+(?:two\s+)?"
                          r"(?:kinases|receptors|targets|proteins|enzymes)\b|\bboth of them\b", re.I)


def _anaphoric(a: Annotated, subjects: list[DrugMention], before: Annotated | None
               ) -> Iterator[tuple[str, str, str | None, Annotated]]:
    """"KIT and PDGFRA drive the disease. Imatinib blocks both of these kinases.": the targets of the sentence
    before (in the same paragraph), tied to this sentence's subject by a mechanism cue before the anaphor."""
    m = _ANAPHOR.search(a.text)
    if m is None or before is None or before.sent.block != a.sent.block:
        return
    subject = next((d for d in subjects if d.end <= m.start() and _CUE.search(a.text, d.end, m.start())), None)
    if subject is None:
        return
    named = list({t.symbol: t for t in before.targets if not t.family}.values())
    fits = len(named) == 2 if m.group(0).lower().startswith("both") else 1 <= len(named) <= 6  # "both": two of them
    for t in named if fits else ():
        yield subject.name, t.symbol, t.hgnc, a


def _last_subject(named: Sequence[Annotated]) -> str | None:
    """The first subject drug of the paragraph's latest sentence that has one ("It inhibits T" refers to it).

    Asked for only when a pronoun needs it: most sentences never need their subjects worked out.
    """
    for a in reversed(named):
        subjects = _subject_drugs(a)
        if subjects:
            return subjects[0].name
    return None


# "VEGFR-2 inhibitor apatinib", "HER2-targeted antibody trastuzumab": nothing but a class noun between target and drug
_CLASS_NOUN_GAP: Final = re.compile(r"^[\s)-]*(?:\([^()]*\)\s*)?(?:-?targeted\s+)?(?:tyrosine kinase\s+)?(?:inhibitors?|antibod\w+|TKIs?|blockers?)\s*,?\s*$")


def find_drug_targets(sentences: list[Annotated]) -> Iterator[tuple[str, str, str | None, Annotated]]:
    """Yield ``(drug, target symbol, hgnc id, sentence)`` pairs."""
    named: dict[int, list[Annotated]] = {}  # per paragraph, the sentences so far that name a drug
    prev: Annotated | None = None
    for a in sentences:
        text = a.text
        before, prev = prev, a
        if a.drugs:
            named.setdefault(a.sent.block, []).append(a)
        if not _CUE.search(text):  # no mechanism cue: the target lexicon need not even be scanned
            continue
        subjects = _subject_drugs(a)
        targets = _stated_targets(text, a.targets)
        if not targets:
            yield from _anaphoric(a, subjects, before)
            continue
        ic50 = bool(_IC50_CUE.search(text))
        for t in targets:
            drugs: list[str] = []
            m = _CLASS_NOUN_GAP.match(text[t.end:min((d.start for d in a.drugs if d.start >= t.end), default=t.end)])
            following = [d for d in a.drugs if d.start >= t.end]
            np_drug = _np_drug(text, t, subjects)
            relative = next((d for d in reversed(a.drugs) if d.end <= t.start and _RELATIVE.match(text[d.end:t.start])), None)
            fronted = _fronted_subject(text, t, a.drugs)
            if fronted is not None:
                drugs = [fronted.name]
            elif m and following:
                drugs = [following[0].name]
            elif np_drug:
                drugs = [np_drug]
            elif relative is not None:
                drugs = [relative.name]
            elif _unnamed_agent(text, t):
                drugs = []  # "D was replaced by an EGFR inhibitor": the class names another, unnamed agent
            elif ic50:
                drugs = [d.name for d in subjects]
            else:
                earlier = [d for d in subjects if d.end <= t.start]
                # the nearest subject that a mechanism cue ties to the target: "A is ..., B is an inhibitor of T"
                tied = [d for d in earlier if _CUE.search(text[d.end:t.end]) and not any(
                    o.start >= d.end and o.end <= t.start for o in subjects if o is not d and not _coordinated(text, d, o))]
                if tied:
                    head = tied[-1]
                    drugs = [head.name]
                    for d in earlier:  # coordinated subjects: "A and B inhibit X"
                        if d is not head and _coordinated(text, d, head):
                            drugs.append(d.name)
                elif not a.drugs and _PRONOUN.search(text) and _CUE.search(text[:t.end]):
                    last = _last_subject(named.get(a.sent.block, ()))
                    if last is not None:
                        drugs = [last]
            for drug in drugs:
                yield drug, t.symbol, t.hgnc, a
