"""Drug -> target statements: class noun phrases in either order, and anti-X therapy classes."""

import pytest

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import relate
from graph_builder.segment import segment


def _pairs(sentence: str) -> set[tuple[str, str]]:
    text = "Example report\n\nDiscussion\n" + sentence + "\n"
    seg = segment(SourceDocument.from_text(text, "doc"))
    return {(f.row()["drug"], f.row()["target"]) for f in relate(recognise(seg)) if f.view == "drug_targets"}


@pytest.mark.parametrize("sentence, pair", [
    ("Pembrolizumab is a humanized IgG4 programmed death-1 checkpoint inhibitor antibody.", ("pembrolizumab", "PDCD1")),
    ("Our patient then received an investigational anti-CD30 immunotoxin, brentuximab vedotin, as salvage.",
     ("brentuximab vedotin", "TNFRSF8")),
    ("Trastuzumab emtansine (T-DM1) is a HER2-directed antibody–drug conjugate used in breast cancer.",
     ("trastuzumab emtansine", "ERBB2")),
    ("The trial compared paclitaxel plus either ramucirumab—a fully human VEGFR-2 antagonist—or placebo.",
     ("ramucirumab", "KDR")),
    ("Atezolizumab, an engineered PD-L1 blocking antibody, was given every 3 weeks.", ("atezolizumab", "CD274")),
])
def test_class_noun_phrase_names_the_drug_target(sentence, pair):
    assert pair in _pairs(sentence)


def test_np_does_not_tie_another_drug_in_the_sentence():
    found = _pairs("Docetaxel was given with nivolumab, a PD-1 blocking antibody, every 3 weeks.")
    assert ("nivolumab", "PDCD1") in found
    assert ("docetaxel", "PDCD1") not in found


def test_prior_anti_therapy_class_is_not_a_target():
    found = _pairs("Sacituzumab govitecan, an antibody–drug conjugate aimed at TROP2, was tested in women who had "
                   "progressed on anti-epidermal growth factor receptor or anti-human epidermal growth factor "
                   "receptor 2 (EGFR/HER2) treatment.")
    assert found == {("sacituzumab govitecan", "TACSTD2")}
    found = _pairs("Sacituzumab govitecan, an antibody–drug conjugate aimed at TROP2, was tested after "
                   "anti-programmed death ligand 1 (PD-L1) treatment had failed.")
    assert found == {("sacituzumab govitecan", "TACSTD2")}


def test_title_case_anti_class_is_not_a_target():
    for title in ("Sacituzumab Govitecan, a TROP2-Directed Antibody–Drug Conjugate, for Urothelial Cancer After "
                  "Chemotherapy or Anti-Programmed Death 1/Programmed Death Ligand 1 Treatment",
                  "Sacituzumab Govitecan, a TROP2-Directed Antibody–Drug Conjugate, After Anti-Programmed Death "
                  "1/Programmed Death Ligand 1 Treatment in Urothelial Cancer"):
        assert _pairs(title) == {("sacituzumab govitecan", "TACSTD2")}
    assert _pairs("Trastuzumab Deruxtecan After Anti-Human Epidermal Growth Factor Receptor 2 Therapy in "
                  "Gastric Cancer") == set()


def test_copula_needs_an_article_before_the_class():
    assert _pairs("Cabozantinib was given after PD-1 inhibitor failure.") == set()


def test_indefinite_class_of_another_unnamed_agent_is_not_the_subjects_target():
    assert _pairs("Sorafenib, a multikinase inhibitor, was later replaced by an EGFR inhibitor.") == set()
    assert _pairs("Docetaxel, a taxane, was combined with an anti-VEGFR-2 antibody.") == set()


def test_article_is_not_a_gene_prefix():
    assert _pairs("Regorafenib, a RAF and VEGFR-2 inhibitor, was started.") == {("regorafenib", "KDR")}


def test_fronted_comparison_closes_at_its_comma():
    assert _pairs("Compared with cetuximab, panitumumab binds EGFR with higher affinity.") == {("panitumumab", "EGFR")}


def test_relative_clause_ties_its_own_drug():
    assert _pairs("Toxicity was lower than with sunitinib, which inhibits KIT.") == {("sunitinib", "KIT")}


def test_receptor_list_with_repeated_hyphens_gives_each_member():
    assert _pairs("Lenvatinib inhibits VEGFR-1, -2 and -3 as well as RET.") == {
        ("lenvatinib", "FLT1"), ("lenvatinib", "KDR"), ("lenvatinib", "FLT4"), ("lenvatinib", "RET")}


def test_family_alone_is_not_a_row():
    assert _pairs("Olaparib is a PARP inhibitor.") == set()


@pytest.mark.parametrize("sentence", [
    "Sacituzumab govitecan was tested in patients pretreated with anti-PD-1 or anti-programmed death ligand 1 "
    "antibodies.",
    "Lenvatinib Versus Placebo After Anti-Programmed Death 1/Programmed Death Ligand 1 Blockade",
    "Cabozantinib was given to patients refractory to anti-PD-1 antibodies.",
])
def test_a_prior_anti_class_gives_the_drug_no_target(sentence):
    assert _pairs(sentence) == set()


def test_an_anti_antibody_in_apposition_still_names_the_target():
    assert ("nivolumab", "PDCD1") in _pairs("Nivolumab, an anti-PD-1 antibody, was started after progression.")


def test_a_fronted_mechanism_belongs_to_the_drug_after_it():
    got = _pairs("Through inhibiting FGFR1-3 and RET, the oral multikinase inhibitor pazopanib may slow growth.")
    assert got == {("pazopanib", "FGFR1"), ("pazopanib", "FGFR2"), ("pazopanib", "FGFR3"), ("pazopanib", "RET")}
    assert _pairs("Background: By targeting KIT, the agent imatinib changed practice.") == {("imatinib", "KIT")}
    # the adverbial's subject heads the phrase after its comma; a drug later in another clause is not it
    assert _pairs("By blocking RET, the tumour cells stopped dividing once cabozantinib was added.") == set()


def test_a_family_name_with_numbers_names_its_members():
    got = _pairs("Olaparib selectively inhibits poly(ADP-ribose) polymerase 1 and 2 in tumour cells.")
    assert got == {("olaparib", "PARP1"), ("olaparib", "PARP2")}


def test_neutralising_a_ligand_is_a_mechanism():
    assert _pairs("Ramucirumab blocks its receptor, whereas aflibercept neutralises vascular endothelial growth factor A.") \
        >= {("aflibercept", "VEGFA")}


def test_these_kinases_are_the_targets_of_the_sentence_before():
    text = ("Most tumours carry activating mutations of FLT3 or KIT. Midostaurin inhibits both of these kinases, "
            "and the response rate was high.")
    assert _pairs(text) == {("midostaurin", "FLT3"), ("midostaurin", "KIT")}
    # "both" names two: three candidates before leave it unresolved
    assert _pairs("Mutations of FLT3, KIT or RET were found. Midostaurin inhibits both of these kinases.") == set()


def test_pronoun_takes_the_subject_of_the_paragraphs_latest_sentence_that_has_one():
    """"It" names the subject drug of the latest earlier sentence (same paragraph) with a subject; a later
    drug named only in a comparison is no subject, so the pronoun skips back past it."""
    found = _pairs("Lenvatinib was started at 12 mg daily. Tumour size fell by half after two months, more than "
                   "with sorafenib in earlier reports. It inhibits VEGFR2 and FGFR1.")
    assert {("lenvatinib", "KDR"), ("lenvatinib", "FGFR1")} <= found
    assert not any(drug == "sorafenib" for drug, _ in found)
