"""Shortcuts of the clause code answer as the scans they skip."""

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

