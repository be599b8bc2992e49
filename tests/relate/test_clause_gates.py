"""Shortcuts of the clause code answer as the scans they skip."""

import random
import re

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import clauses as cl
from graph_builder.segment import segment

TEXT = """Trials of a new drug

The patient was enrolled in a phase II trial of drugmab. Patients were randomized to drugmab or placebo in a study of drugmab versus placebo. He received drugmab in a trial, as reported by Smith et al. Drugmab is a kinase inhibitor approved for lung cancer. She participated in a study of cisplatin. What is the best therapy? The tumour shrank.
"""


def test_trial_description_is_the_sentence_blocked_reason():
    seen = set()
    for fresh in (True, False):
        rec = recognise(segment(SourceDocument.from_text(TEXT, "trial")))
        for a in rec.sentences:
            if not fresh:
                cl.sentence_blocked(a)  # the reason already known
            assert cl.trial_description(a) == (cl.sentence_blocked(a) == "trial description")
            seen.add(cl.sentence_blocked(a))
    assert {"trial description", "cited", None} <= seen


STRONG_WORDS = ["received", "receiving", "given", "administered", "treated with", "treated using", "started", "starting",
                "began", "begun", "initiated", "initiation", "switched to", "changed to", "adjusted to", "converted to",
                "switched the dose to", "changed her therapy to", "took", "underwent", "performed", "executed",
                "randomized to", "randomised to", "co-applied", "implemented", "consisted of", "maintenance", "sequenced",
                "instigated", "Received", "TOOK", "Treated With", "receiv"]


def test_every_strong_cue_is_an_administration_cue():
    """``Clause.admin`` takes a strong clause as an administration without scanning for ``ADMIN_CUE``."""
    rng = random.Random(5)
    fill = ["drug A", "was", "the", "patient", "x", "-", "1", "é", "tookx", "retook", "givens"]
    hits = 0
    for word in STRONG_WORDS:
        for _ in range(40):
            text = " ".join(rng.sample(fill, rng.randint(0, 4)) + [word] + rng.sample(fill, rng.randint(0, 4)))
            text = text.replace(" ", rng.choice([" ", "  ", ", "]), rng.randint(0, 2))
            if cl.STRONG_ADMIN.search(text):
                hits += 1
                assert cl.ADMIN_CUE.search(text), text
    assert hits > 1000


def test_switch_cuts_are_the_ungated_pattern_cuts():
    rng = random.Random(3)
    words = ["A", "and", "B", "then", "later", "switched", "Switched", "CHANGED", "converted", "to", "toxic", "ſwitched",
             "chanGed", "conVERTED", "was", "ıs", "K", "switchedto", "\n"]
    seen = 0
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", "\t", ""]) for _ in range(rng.randint(0, 10)))
        want = {m.end() for m in re.finditer(cl._SWITCHED.pattern, text, re.I)}
        seen += bool(want)
        assert {m.end() for m in cl._SWITCHED.finditer(text)} == want, text  # (gated by its lookahead's verbs)
    assert seen > 50
