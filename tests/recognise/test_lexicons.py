"""Vocabulary-driven recognition: brands, codes, abbreviations, targets, AE terms."""

from graph_builder.recognise.abbreviations import document_abbreviations
from graph_builder.recognise.adverse import find_adverse_events
from graph_builder.recognise.drugs import find_drugs
from graph_builder.recognise.targets import find_targets


def test_drugs_normalise_to_inn_with_ids():
    ds = find_drugs("She received Herceptin with BIBW2992, then TMZ and DDP; mannitol was given for oedema.")
    assert [d.name for d in ds] == ["trastuzumab", "afatinib", "temozolomide", "cisplatin", "mannitol"]
    assert dict(ds[0].ids).get("drugbank", "").startswith("DB")
    assert ds[-1].role == "supportive"


def test_placebo_arm_is_flagged():
    ds = find_drugs("eight cycles of docetaxel + everolimus/placebo were given")
    assert [(d.name, d.placebo) for d in ds] == [("docetaxel", False), ("everolimus", True)]


def test_document_defined_regimen_acronyms():
    text = ("Figure 1 Timeline. XP, capecitabine, DDP; DDP, cisplatin; NP, NVB, DDP.\n"
            "She then received four cycles of oxaliplatin and irinotecan (OI) chemotherapy.")
    abbr = document_abbreviations(text)
    assert abbr["XP"] == ["capecitabine", "cisplatin"]
    assert abbr["NP"] == ["vinorelbine", "cisplatin"]
    assert abbr["OI"] == ["irinotecan", "oxaliplatin"]


def test_targets_expand_elliptic_lists_and_brackets():
    syms = [t.symbol for t in find_targets("a TKI of VEGFR-1, 2, 3 and FGFR1-4") if not t.family]
    assert syms == ["FLT1", "KDR", "FLT4", "FGFR1", "FGFR2", "FGFR3", "FGFR4"]
    assert [t.symbol for t in find_targets("inhibits vascular endothelial growth factor receptor (VEGFR)-2")] == ["KDR"]
    assert [t.symbol for t in find_targets("an anti-VEGF monoclonal antibody")] == ["VEGFA"]
    fam = find_targets("inhibitor of vascular endothelial growth factor receptors")
    assert [(t.symbol, t.family) for t in fam] == [("VEGFR", True)]


def test_adverse_events_with_shared_grades_and_heads():
    aes = find_adverse_events("grade 1-2 hypertension, fatigue, and stomatitis; grade IV leukocyte and platelet decrease")
    got = [(a.term, a.grade) for a in aes]
    assert ("hypertension", "1-2") in got and ("fatigue", "1-2") in got and ("oral mucositis", "1-2") in got
    assert ("white blood cell decreased", "4") in got and ("platelet count decreased", "4") in got
    pct = find_adverse_events("the most common were hand-foot skin reaction (n=3, 4.9%) and diarrhoea (12%)")
    assert [(a.term, a.n, a.percent) for a in pct] == [("palmar-plantar erythrodysesthesia syndrome", 3, 4.9), ("diarrhea", None, 12.0)]
