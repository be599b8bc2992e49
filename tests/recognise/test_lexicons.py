"""Vocabulary-driven recognition: brands, codes, abbreviations, targets, AE terms."""

from graph_builder.recognise.abbreviations import document_abbreviations
from graph_builder.recognise.adverse import find_adverse_events
from graph_builder.recognise.drugs import find_drugs
from graph_builder.recognise.targets import find_targets


def test_drugs_normalise_to_inn_with_ids():
    ds = find_drugs("He was given Tarceva and BIBW2992, later TMZ plus DDP; mannitol was used for brain oedema.")
    assert [d.name for d in ds] == ["erlotinib", "afatinib", "temozolomide", "cisplatin", "mannitol"]
    assert dict(ds[0].ids).get("drugbank", "").startswith("DB")
    assert ds[-1].role == "supportive"


def test_placebo_arm_is_flagged():
    ds = find_drugs("six cycles of paclitaxel + bevacizumab/placebo were administered")
    assert [(d.name, d.placebo) for d in ds] == [("paclitaxel", False), ("bevacizumab", True)]


def test_document_defined_regimen_acronyms():
    text = ("Figure 2 Treatment course. GP, gemcitabine, DDP; DDP, cisplatin; NP, NVB, DDP.\n"
            "He later received six cycles of oxaliplatin and irinotecan (OI) chemotherapy.")
    abbr = document_abbreviations(text)
    assert abbr["GP"] == ["gemcitabine", "cisplatin"]
    assert abbr["NP"] == ["vinorelbine", "cisplatin"]
    assert abbr["OI"] == ["irinotecan", "oxaliplatin"]


def test_targets_expand_elliptic_lists_and_brackets():
    syms = [t.symbol for t in find_targets("blocks VEGFR-1, 2, 3 as well as FGFR1-4") if not t.family]
    assert syms == ["FLT1", "KDR", "FLT4", "FGFR1", "FGFR2", "FGFR3", "FGFR4"]
    syms = [t.symbol for t in find_targets("a potent inhibitor of FGFR1-4 and VEGFR-1, 2, 3") if not t.family]
    assert syms == ["FGFR1", "FGFR2", "FGFR3", "FGFR4", "FLT1", "KDR", "FLT4"]
    assert [t.symbol for t in find_targets("an antibody against vascular endothelial growth factor receptor (VEGFR)-2")] == ["KDR"]
    assert [t.symbol for t in find_targets("a humanised anti-VEGF antibody")] == ["VEGFA"]
    fam = find_targets("blocks several vascular endothelial growth factor receptors")
    assert [(t.symbol, t.family) for t in fam] == [("VEGFR", True)]


def test_adverse_events_with_shared_grades_and_heads():
    aes = find_adverse_events("grade 1-2 fatigue, hypertension and stomatitis were seen, as was grade IV platelet and "
                              "leukocyte decrease")
    got = [(a.term, a.grade) for a in aes]
    assert ("hypertension", "1-2") in got and ("fatigue", "1-2") in got and ("oral mucositis", "1-2") in got
    assert ("white blood cell decreased", "4") in got and ("platelet count decreased", "4") in got
    pct = find_adverse_events("frequent events included hand-foot skin reaction (n=4, 6.3%) and diarrhoea (12%)")
    assert [(a.term, a.n, a.percent) for a in pct] == [("palmar-plantar erythrodysesthesia syndrome", 4, 6.3), ("diarrhea", None, 12.0)]
    pct = find_adverse_events("the most frequent were diarrhoea (12%) and hand-foot skin reaction (n=4, 6.3%)")
    assert [(a.term, a.n, a.percent) for a in pct] == [("diarrhea", None, 12.0), ("palmar-plantar erythrodysesthesia syndrome", 4, 6.3)]
