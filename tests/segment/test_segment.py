from graph_builder.read.cleanup import clean_text
from graph_builder.read.textview import TextView
from graph_builder.segment import ALL, segment
from graph_builder.segment.sections import section_type
from graph_builder.segment.sentences import split_sentences


def _sents(t):
    return [t[a:b] for a, b in split_sentences(t)]


def test_sentences_survive_decimals_citations_and_abbreviations():
    t = "Relapse is almost inevitable.1 At recurrence, e.g. in glioma, doses of 3.5 mg/m2. Smith et al. agreed. Next."
    assert _sents(t) == ["Relapse is almost inevitable.1", "At recurrence, e.g. in glioma, doses of 3.5 mg/m2.",
                         "Smith et al. agreed.", "Next."]


def test_section_types():
    assert section_type("Case presentation") == "case"
    assert section_type("2.4. History of Present Illness") == "case"
    assert section_type("References") == "references"
    assert section_type("DISCUSSION") == "discussion"
    assert section_type("Summary") == "abstract"
    assert section_type("Treatment regimens and response assessments") == "methods"


SERIES = """Illustrative series

Case presentation

Case 1
A 61-year-old man received drug therapy. He improved.

Case 2
A 57-year-old woman was treated as well.

Adverse reactions
Both patients had mild rash.

Discussion
Case 1 shows something.
"""


def test_patient_labels_from_headings_and_reset_at_sections():
    seg = segment("x", clean_text(TextView.identity(SERIES)))
    assert seg.kind == "case_series" and seg.patients == [1, 2]
    by_text = {s.text: s.patient for s in seg.sentences}
    assert by_text["A 61-year-old man received drug therapy."] == 1
    assert by_text["He improved."] == 1
    assert by_text["A 57-year-old woman was treated as well."] == 2
    assert by_text["Both patients had mild rash."] == ALL
    assert {s.section for s in seg.sentences if s.text.startswith("Case 1 shows")} == {"discussion"}


def test_single_case_and_cohort_kinds():
    case = segment("c", TextView.identity("A 70-year-old woman with gastric cancer received apatinib."))
    assert case.kind == "case_report" and case.patients == [1]
    cohort = segment("k", TextView.identity("Sixty-two patients were enrolled in this single-arm phase II trial."))
    assert cohort.kind == "cohort" and cohort.patients == []
