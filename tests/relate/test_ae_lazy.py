"""attach.adverse_events reads the sentence's grades, profile, event list and arms when an event first needs them:
the same events as the version that read them all before its loop (kept here as the reference)."""

import random
import re

from graph_builder import numwords
from graph_builder.read import SourceDocument
from graph_builder.recognise import context as ctx
from graph_builder.recognise import recognise
from graph_builder.recognise.quantities import find_grades
from graph_builder.relate import attach
from graph_builder.segment import segment

A = attach


def _clause_of_text_ref(text, pos):
    lo = max(text.rfind(";", 0, pos), text.rfind(". ", 0, pos)) + 1
    hi = min((i for i in (text.find(";", pos), text.find(". ", pos)) if i >= 0), default=len(text))
    return lo, hi


def _arm_drugs_ref(a, pos):
    """The arm's drugs read afresh for each event, of the clause the old way (the arm reading itself is unchanged)."""
    return A._arm_drugs(a, *_clause_of_text_ref(a.text, pos))


def _adverse_events_ref(a, patient, tl, main_drug, cohort=False):
    """The version before the lazy reads, verbatim but for the module prefix."""
    text = a.text
    if ctx.cited(text) or not a.aes or A._BASELINE.search(text):
        return
    grades = find_grades(text)
    sentence_grade = grades[0].grade if len({g.value for g in grades}) == 1 and not any(x.grade for x in a.aes) else None
    listed = cohort and A._reports_events(text)
    profile = A.drug_profile(text)
    for ae in a.aes:
        if ctx.negated_before(text, ae.start, 30) or A._RADIATION_BEFORE.search(text, max(0, ae.start - 20), ae.start) \
                or A._NEGATED_AFTER.match(text, ae.end):
            continue
        if A._CAUSE_BEFORE.search(text[max(0, ae.start - 20):ae.start]) and \
                any(o.end <= ae.start for o in a.aes if o is not ae):
            continue
        if profile and not (ae.grade or ae.n is not None or ae.percent is not None):
            continue
        grade = ae.grade or (sentence_grade if sentence_grade and grades[0].start < ae.start and ae.n is None
                             and ae.percent is None and ";" not in text[grades[0].end:ae.start] else None)
        if not (A._study_event(a, ae, listed) if cohort else A._case_event(a, ae, grade, tl)) or A._complication(a, ae):
            continue
        reg = A.regimen_for(tl, a, ae.start) if tl is not None else None
        if tl is not None and reg is None and patient is not None:
            continue
        drug, regimen_name = A._ae_drug(a, reg, main_drug, ae.start)
        if cohort:
            drug = _arm_drugs_ref(a, ae.start) or main_drug()
        n = ae.n
        m = A._N_CASES.search(text[max(0, ae.start - 30):ae.start])
        if m and n is None:
            n = numwords.to_int(m.group(1))
        yield A.Outcome(patient, reg, a, ae.start, ae.end, A.EventFound(ae.term, grade, n, ae.percent, drug, regimen_name))


SENTENCES = [
    "The most common toxicities were diarrhoea, fatigue and grade 3 neutropenia.",
    "Grade 3 neutropenia occurred in 12 patients (20%) and nausea in 30%.",
    "Grade 2 toxicity was seen; rash and pruritus related to cetuximab were managed.",
    "Grade 2 events included nausea, vomiting and alopecia in the FOLFOX arm.",
    "Hypertension and proteinuria were more frequent in the sunitinib arm than in the sorafenib group.",
    "Diarrhea occurred in 40% of patients in the capecitabine and oxaliplatin arm, and rash in the cetuximab group.",
    "Sunitinib is known to cause fatigue and hand-foot syndrome.",
    "Adverse events, including rash and diarrhea, were graded per CTCAE version 5.0.",
    "Doses were reduced in 12 patients because of grade 3 fatigue.",
    "Patients who experienced neutropenia had longer survival; anemia was not observed.",
    "Two cases of interstitial pneumonitis were reported with nivolumab.",
    "She developed colitis after ipilimumab, and grade 2 hepatitis followed.",
    "Febrile neutropenia in a 60-year-old patient treated with docetaxel.",
    "Treatment was discontinued due to grade 4 thrombocytopenia and mucositis.",
    "Nausea and vomiting were mild; grade 1 fatigue and grade 3 anemia occurred in both arms.",
    "Leukopenia due to myelosuppression and neutropenia were seen in 5 patients.",
    "Patients with a history of hypertension were excluded.",
    "Grade 3 diarrhea developed under cisplatin. Grade 3 neutropenia occurred in two patients.",
    "Toxicity was manageable: rash (25%), diarrhoea (18%) and fatigue were reported in the erlotinib group; grade 3 rash in 3%.",
    "Pembrolizumab can cause pneumonitis, colitis and hepatitis.",
    "Nivolumab is associated with more frequent fatigue and rash.",
    "Grade 3 rash and pruritus WERE NOT OBSERVED, and nausea was Not Seen; fatigue did not develop.",
    "Alopecia, which patients cannot prevent, occurred in 10% and mucositis was not reported in the placebo arm.",
]
STUDY_HEAD = "A phase II study of drug combinations\n\nAbstract\nMethods\nSixty patients received sunitinib or sorafenib.\nResults\n"
CASE_HEAD = "Colitis during checkpoint blockade: a case report\n\nCase presentation\nA 58-year-old man with melanoma started nivolumab.\n"


def _rows(outcomes):
    return [(o.patient, o.regimen, o.start, o.end, o.found) for o in outcomes]


def _compare(text):
    rec = recognise(segment(SourceDocument.from_text(text, "lazy")))
    checked = 0
    for a in rec.sentences:
        for cohort in (False, True):
            for tl in (None,):
                new = _rows(attach.adverse_events(a, None, tl, lambda: "drugmab", cohort))
                old = _rows(_adverse_events_ref(a, None, tl, lambda: "drugmab", cohort))
                assert new == old, (a.text, cohort)
                checked += len(old)
    return checked


def test_lazy_reads_give_the_reference_events():
    assert _compare(STUDY_HEAD + "\n".join(SENTENCES) + "\n") > 20
    assert _compare(CASE_HEAD + "\n".join(SENTENCES) + "\n") > 10


def test_random_sentences_give_the_reference_events():
    rnd = random.Random(7)
    parts = [p.strip() for s in SENTENCES for p in re.split(r"(?<=[;,:])\s+", s.rstrip("."))]
    total = 0
    for _ in range(12):
        body = []
        for _ in range(8):
            body.append(" ".join(rnd.sample(parts, rnd.randint(1, 4))).replace("..", ".") + ".")
        total += _compare(STUDY_HEAD + "\n".join(body) + "\n")
    assert total > 50


def test_clause_of_text_is_the_reference():
    rnd = random.Random(3)
    for _ in range(3000):
        text = "".join(rnd.choice("ab ;.") for _ in range(rnd.randint(0, 14)))
        for pos in range(len(text) + 1):
            assert attach._clause_of_text(text, pos) == _clause_of_text_ref(text, pos), (text, pos)

