"""Study arms become one treatment row each."""

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import relate
from graph_builder.segment import segment

STUDY = """Example randomised trial

Abstract
Background: Few options exist for gastric cancer after first-line therapy. This phase 3 trial enrolled 420 patients.
Methods: Patients were randomly assigned to receive {arms}. Overall survival was the primary end point.
Results: The experimental group lived longer.
"""


def _treatments(arms: str) -> set[tuple[str, ...]]:
    seg = segment(SourceDocument.from_text(STUDY.format(arms=arms), "study"))
    return {tuple(f.row()["drugs"]) for f in relate(recognise(seg)) if f.view == "treatments"}


def test_two_arms_with_doses_between():
    assert _treatments("atezolizumab, given at 1200 mg every 3 weeks, or docetaxel, given at 75 mg/m2 every 3 weeks") == {
        ("atezolizumab",), ("docetaxel",)}
    assert _treatments("atezolizumab (1200 mg every 3 weeks) or docetaxel (75 mg/m2 every 3 weeks)") == {
        ("atezolizumab",), ("docetaxel",)}


def test_common_drug_plus_either_drug_or_placebo():
    assert _treatments("docetaxel combined with either nintedanib or a matching placebo") == {
        ("docetaxel", "nintedanib"), ("docetaxel",)}
    assert _treatments("gemcitabine with either erlotinib or placebo") == {("erlotinib", "gemcitabine"), ("gemcitabine",)}


def test_standard_acronyms_as_arms():
    assert _treatments("FOLFOX versus XELOX") == {
        ("fluorouracil", "leucovorin", "oxaliplatin"), ("capecitabine", "oxaliplatin")}
    assert _treatments("FOLFIRINOX or gemcitabine") == {
        ("fluorouracil", "irinotecan", "leucovorin", "oxaliplatin"), ("gemcitabine",)}


def test_and_or_is_not_an_alternative():
    assert _treatments("carboplatin and/or pemetrexed") == {("carboplatin", "pemetrexed")}


def test_shares_of_patients_split_arms():
    assert _treatments("capecitabine-oxaliplatin (XO) or, for 33 of them, capecitabine-irinotecan (XI)") == {
        ("capecitabine", "oxaliplatin"), ("capecitabine", "irinotecan")}
    assert _treatments("irinotecan-capecitabine (XI) or, in 40 patients, oxaliplatin-capecitabine (XO)") == {
        ("capecitabine", "oxaliplatin"), ("capecitabine", "irinotecan")}


def _lines(arms: str, background: str) -> dict[tuple[str, ...], int | None]:
    text = STUDY.format(arms=arms).replace("Methods: ", "Methods: " + background + " ")
    seg = segment(SourceDocument.from_text(text, "study"))
    return {tuple(f.row()["drugs"]): f.row()["line"] for f in relate(recognise(seg)) if f.view == "treatments"}


def test_line_after_progression_on_an_earlier_line_applies_to_every_arm():
    lines = _lines("nivolumab or docetaxel", "All patients had disease progression on first-line platinum chemotherapy.")
    assert lines == {("nivolumab",): 2, ("docetaxel",): 2}
    lines = _lines("nivolumab or docetaxel", "Patients whose cancer progressed after first-line chemotherapy were eligible.")
    assert lines == {("nivolumab",): 2, ("docetaxel",): 2}


def test_standard_of_care_sentence_gives_no_line():
    for background in ("Pazopanib is a standard of care for first-line therapy.", "Pazopanib is the standard first-line treatment."):
        lines = _lines("cabozantinib or everolimus", background)
        assert lines == {("cabozantinib",): None, ("everolimus",): None}


def test_maintenance_phase_has_no_line():
    lines = _lines("cisplatin and pemetrexed, followed by pemetrexed as maintenance therapy",
                   "This trial was conducted in the first-line setting.")
    assert lines[("cisplatin", "pemetrexed")] == 1
    assert lines[("pemetrexed",)] is None


def test_bracketed_alternatives_share_the_added_drug():
    text = STUDY.format(arms="first-line chemotherapy (FOLFIRI or XELIRI) plus cetuximab (C) (arm A) or "
                             "chemotherapy alone (arm B)").replace("Background: ", "Background: Adding cetuximab (C) may help. ")
    seg = segment(SourceDocument.from_text(text, "study"))
    got = {tuple(f.row()["drugs"]) for f in relate(recognise(seg)) if f.view == "treatments"}
    assert got == {("capecitabine", "cetuximab", "irinotecan"), ("cetuximab", "fluorouracil", "irinotecan", "leucovorin")}


def test_bracketed_choice_keeps_the_other_arm():
    assert _treatments("nivolumab or the investigator's choice of chemotherapy (docetaxel, pemetrexed, or gemcitabine)") == {
        ("nivolumab",), ("docetaxel",), ("pemetrexed",), ("gemcitabine",)}


def test_with_or_without_gives_both_arms():
    assert _treatments("gemcitabine with or without erlotinib") == {("gemcitabine",), ("erlotinib", "gemcitabine")}


def test_compared_with_separates_arms():
    assert _treatments("cabozantinib 60 mg daily compared with everolimus 10 mg daily") == {("cabozantinib",), ("everolimus",)}


SINGLE_ARM = """Example single-arm study

Abstract
Background: Mesothelioma has few options. In this phase 2 study, 64 patients were enrolled.
Methods: All patients received {arms} for up to six cycles. The primary end point was response rate.
Results: The response rate was 31%.
"""


def _single_arm(arms: str) -> set[tuple[str, ...]]:
    seg = segment(SourceDocument.from_text(SINGLE_ARM.format(arms=arms), "study"))
    return {tuple(f.row()["drugs"]) for f in relate(recognise(seg)) if f.view == "treatments"}


def test_choice_of_platinum_after_a_shared_drug_keeps_the_shared_drug():
    assert _single_arm("pemetrexed plus cisplatin or carboplatin") == {
        ("cisplatin", "pemetrexed"), ("carboplatin", "pemetrexed")}


def test_choice_of_platinum_before_a_shared_drug_keeps_the_shared_drug():
    assert _single_arm("cisplatin or carboplatin plus pemetrexed") == {
        ("cisplatin", "pemetrexed"), ("carboplatin", "pemetrexed")}


def test_same_class_choice_inside_a_randomised_arm():
    assert _treatments("pemetrexed plus cisplatin or carboplatin, or gefitinib alone") == {
        ("cisplatin", "pemetrexed"), ("carboplatin", "pemetrexed"), ("gefitinib",)}


def test_percent_of_a_diluent_is_no_share_of_patients():
    assert _single_arm("gemcitabine 1000 mg/m2 diluted in 100 mL of 0.9% sodium chloride and cisplatin 75 mg/m2") == {
        ("cisplatin", "gemcitabine")}


def test_whole_combinations_offered_as_alternatives_are_arms():
    assert _single_arm("paclitaxel plus carboplatin or docetaxel plus gemcitabine") == {
        ("carboplatin", "paclitaxel"), ("docetaxel", "gemcitabine")}
