"""Study arms become one treatment row each."""

from graph_builder.read.cleanup import clean_text
from graph_builder.read.textview import TextView
from graph_builder.relate import extract_facts
from graph_builder.segment import segment

STUDY = """Example randomised trial

Abstract
Background: Gastric cancer after first-line therapy has a poor outlook. In this phase 3 trial, 420 patients were enrolled.
Methods: Patients were randomly assigned to receive {arms}. The primary end point was overall survival.
Results: Overall survival was longer in the experimental group.
"""


def _treatments(arms: str) -> set[tuple[str, ...]]:
    seg = segment("study", clean_text(TextView.identity(STUDY.format(arms=arms))))
    return {tuple(f.row()["drugs"]) for f in extract_facts(seg) if f.view == "treatments"}


def test_two_arms_with_doses_between():
    assert _treatments("pembrolizumab, at a dose of 200 mg every 3 weeks, or paclitaxel, at a dose of 80 mg/m2 weekly") == {
        ("pembrolizumab",), ("paclitaxel",)}


def test_common_drug_plus_either_drug_or_placebo():
    assert _treatments("paclitaxel plus either ramucirumab or matching placebo") == {
        ("paclitaxel", "ramucirumab"), ("paclitaxel",)}


def test_standard_acronyms_as_arms():
    assert _treatments("FOLFIRI versus XELIRI") == {
        ("fluorouracil", "irinotecan", "leucovorin"), ("capecitabine", "irinotecan")}


def test_and_or_is_not_an_alternative():
    assert _treatments("cisplatin and/or docetaxel") == {("cisplatin", "docetaxel")}


def test_shares_of_patients_split_arms():
    assert _treatments("oxaliplatin-capecitabine (XO) or, in 61 patients, irinotecan-capecitabine (XI)") == {
        ("capecitabine", "oxaliplatin"), ("capecitabine", "irinotecan")}


def _lines(arms: str, background: str) -> dict[tuple[str, ...], int | None]:
    text = STUDY.format(arms=arms).replace("Methods: ", "Methods: " + background + " ")
    seg = segment("study", clean_text(TextView.identity(text)))
    return {tuple(f.row()["drugs"]): f.row()["line"] for f in extract_facts(seg) if f.view == "treatments"}


def test_line_after_progression_on_an_earlier_line_applies_to_every_arm():
    lines = _lines("ramucirumab or irinotecan", "Patients had progressed during or after first-line chemotherapy.")
    assert lines == {("ramucirumab",): 2, ("irinotecan",): 2}


def test_standard_of_care_sentence_gives_no_line():
    lines = _lines("cabozantinib or everolimus", "Sunitinib is the standard of care for first-line treatment.")
    assert lines == {("cabozantinib",): None, ("everolimus",): None}


def test_maintenance_phase_has_no_line():
    lines = _lines("oxaliplatin and capecitabine, followed by capecitabine as maintenance therapy",
                   "This is a front-line study.")
    assert lines[("capecitabine", "oxaliplatin")] == 1
    assert lines[("capecitabine",)] is None


def test_bracketed_alternatives_share_the_added_drug():
    text = STUDY.format(arms="first-line chemotherapy (XELOX or FOLFOX6) plus panitumumab (P) (arm 1) or "
                             "chemotherapy alone (arm 2)").replace("Background: ", "Background: Adding panitumumab (P) helps. ")
    seg = segment("study", clean_text(TextView.identity(text)))
    got = {tuple(f.row()["drugs"]) for f in extract_facts(seg) if f.view == "treatments"}
    assert got == {("capecitabine", "oxaliplatin", "panitumumab"), ("fluorouracil", "leucovorin", "oxaliplatin", "panitumumab")}


def test_bracketed_choice_keeps_the_other_arm():
    assert _treatments("pembrolizumab or investigator's choice of chemotherapy (paclitaxel, docetaxel, or vinflunine)") == {
        ("pembrolizumab",), ("paclitaxel",), ("docetaxel",), ("vinflunine",)}


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
    seg = segment("study", clean_text(TextView.identity(SINGLE_ARM.format(arms=arms))))
    return {tuple(f.row()["drugs"]) for f in extract_facts(seg) if f.view == "treatments"}


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
