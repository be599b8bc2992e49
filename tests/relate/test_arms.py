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
