"""The document's main drug is asked for only by an event blamed on it (finding it reads the opening for drugs)."""

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import attach
from graph_builder.segment import segment

TEXT = """Adverse events of a new therapy

Grade 3 diarrhea developed under cisplatin. Grade 3 neutropenia occurred in two patients.
"""


def _sentence(rec, words):
    return next(a for a in rec.sentences if words in a.text)


def test_main_drug_is_asked_only_for_an_event_it_is_given():
    rec = recognise(segment(SourceDocument.from_text(TEXT, "lazy")))
    asked = []

    def main():
        asked.append(True)
        return "drugmab"

    named = list(attach.adverse_events(_sentence(rec, "cisplatin"), None, None, main))
    assert [o.found.drug for o in named] == ["cisplatin"] and not asked  # the sentence names its drug
    unnamed = list(attach.adverse_events(_sentence(rec, "neutropenia occurred"), None, None, main))
    assert [o.found.drug for o in unnamed] == ["drugmab"] and asked  # no drug named, no regimen: the main drug
