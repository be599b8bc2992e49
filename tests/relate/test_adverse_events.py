"""Adverse events of a study: lists without frequencies, negation after the event, predictors are not events."""

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import relate
from graph_builder.segment import segment

STUDY = """Axitinib in advanced thyroid cancer: a phase II study

Abstract
Methods
Forty-eight patients with advanced thyroid cancer received axitinib 5 mg twice daily until progression.
Results
The objective response rate was 31%. The most frequent toxicities were diarrhoea, asthenia and hypertension.
Grade 3-4 stomatitis occurred in a minority, but febrile neutropenia was not observed.
Grade 3 proteinuria correlated with longer progression-free survival.
Axitinib is known to cause dysphonia.
Adverse events, including hand-foot skin reaction and proteinuria, were graded per CTCAE version 5.0.
"""


def _ae_rows(text):
    seg = segment(SourceDocument.from_text(text, "study"))
    rows = [f.row() for f in relate(recognise(seg)) if f.view == "adverse_events"]
    return seg, {(tuple(r["drug"]) if isinstance(r["drug"], list) else r["drug"], r["event"], r["grade"]) for r in rows}


def test_study_lists_and_graded_events():
    seg, rows = _ae_rows(STUDY)
    assert seg.kind == "cohort"
    assert ("axitinib", "diarrhea", None) in rows and ("axitinib", "fatigue", None) in rows
    assert ("axitinib", "hypertension", None) in rows
    assert ("axitinib", "oral mucositis", "3-4") in rows


def test_negated_predictor_and_profile_are_not_events():
    _, rows = _ae_rows(STUDY)
    events = {e for _, e, _ in rows}
    assert "febrile neutropenia" not in events  # "was not observed"
    assert "proteinuria" not in events  # a predictor of survival, not a reported event
    assert "dysphonia" not in events  # the drug's known profile, present tense
    assert "palmar-plantar erythrodysesthesia syndrome" not in events  # how events were graded, not an event


CASE = """Uveitis during checkpoint blockade: a case report

Case presentation
A 58-year-old man with metastatic melanoma started pembrolizumab 200 mg every 3 weeks in May 2020.
Three months later he developed bilateral uveitis and headache.
Pancreatitis followed in October 2020.
He had grade 2-3 diarrhoea during treatment; fatigue related to pembrolizumab was managed with rest.
"""


def test_case_onset_of_inflammation_is_an_event_but_a_symptom_is_not():
    seg, rows = _ae_rows(CASE)
    assert seg.kind == "case_report"
    assert ("pembrolizumab", "uveitis", None) in rows
    assert ("pembrolizumab", "pancreatitis", None) in rows  # onset told after the event
    assert not any(e == "headache" for _, e, _ in rows)


def test_sentence_grade_stops_at_semicolon():
    _, rows = _ae_rows(CASE)
    assert ("pembrolizumab", "diarrhea", "2-3") in rows
    assert ("pembrolizumab", "fatigue", None) in rows and ("pembrolizumab", "fatigue", "2-3") not in rows


GROUPED = """Neuropathy after oxaliplatin: a case report

Case presentation
A 61-year-old man with colon cancer received oxaliplatin 85 mg/m2 every 2 weeks from March 2019.
Grade 3 renal toxicity related to oxaliplatin occurred in May 2019; the nephrotoxicity related to oxaliplatin resolved.
He had neuropathy related to oxaliplatin, and the peripheral neuropathy related to oxaliplatin persisted.
"""


def test_wordings_of_one_event_are_one_row():
    _, rows = _ae_rows(GROUPED)
    events = sorted((e, g) for _, e, g in rows)
    assert events == [("peripheral neuropathy", None), ("renal toxicity", "3")]


def test_study_arm_named_by_its_drugs():
    text = ("Gemcitabine plus cisplatin versus capecitabine plus cisplatin in biliary cancer\n\nAbstract\nMethods\n"
            "We treated 40 patients with gemcitabine and cisplatin and 38 patients with capecitabine and cisplatin.\n"
            "Results\nGrade 3-4 stomatitis occurred more frequently in the capecitabine plus cisplatin arm.\n")
    _, rows = _ae_rows(text)
    assert rows == {(("capecitabine", "cisplatin"), "oral mucositis", "3-4")}


def test_dose_modification_names_its_toxicity():
    text = ("Sunitinib for kidney cancer: a case report\n\nCase presentation\n"
            "A 70-year-old woman with renal cell carcinoma started sunitinib 50 mg daily in June 2018.\n"
            "Sunitinib was withheld for thrombocytopenia in August 2018.\n"
            "Her hypothyroidism led to dose reduction.\n"
            "Sunitinib was stopped in October 2018 because she developed fever.\n")
    _, rows = _ae_rows(text)
    assert ("sunitinib", "platelet count decreased", None) in rows
    assert ("sunitinib", "hypothyroidism", None) in rows
    assert ("sunitinib", "fever", None) in rows  # "stopped because she developed A"


def test_study_dose_modification_cause_is_an_event():
    text = ("Pazopanib in sarcoma: a phase II trial\n\nAbstract\nMethods\n"
            "Thirty patients with sarcoma received pazopanib 800 mg daily.\nResults\n"
            "Doses were reduced in nine patients because of hepatotoxicity.\n"
            "Dose intensity was lower in patients with anorexia.\n")
    _, rows = _ae_rows(text)
    assert ("pazopanib", "hepatotoxicity", None) in rows
    assert not any(e == "anorexia" for _, e, _ in rows)


def test_study_keeps_any_grade_list_beside_graded_counts():
    text = ("Sorafenib in liver cancer: a phase II trial\n\nAbstract\nMethods\n"
            "Fifty patients received sorafenib 400 mg twice daily.\nResults\n"
            "The most common adverse events were diarrhea and alopecia.\n"
            "Grade 3 diarrhea occurred in four patients (8%).\n"
            "Sorafenib was stopped because of grade 3 hepatotoxicity in one case; hepatotoxicity was reversible in all.\n")
    _, rows = _ae_rows(text)
    assert ("sorafenib", "diarrhea", None) in rows and ("sorafenib", "diarrhea", "3") in rows
    assert ("sorafenib", "hepatotoxicity", "3") in rows and ("sorafenib", "hepatotoxicity", None) not in rows


def test_event_of_both_arms_goes_to_each():
    text = ("Docetaxel versus pemetrexed in lung cancer\n\nAbstract\nMethods\n"
            "In arm A, 40 patients received docetaxel 75 mg/m2. In arm B, 38 patients received pemetrexed 500 mg/m2.\n"
            "Results\nBoth arms showed grade 3-4 neutropenia, but no deaths occurred.\n")
    _, rows = _ae_rows(text)
    assert rows == {("docetaxel", "neutrophil count decreased", "3-4"), ("pemetrexed", "neutrophil count decreased", "3-4")}


def test_arm_drugs_of_add_on_design_is_the_backbone():
    from graph_builder.relate.attach import arm_drugs

    assert arm_drugs([["docetaxel", "ramucirumab"], ["docetaxel"]]) == ["docetaxel"]
    assert arm_drugs([["cisplatin", "gemcitabine"], ["capecitabine", "cisplatin"]]) == [
        ["cisplatin", "gemcitabine"], ["capecitabine", "cisplatin"]]
    assert arm_drugs([["sunitinib"]]) == []


PROFILE = """Apatinib for gastric cancer: a case report

Abstract
Apatinib is an oral inhibitor whose common adverse events include hypertension, proteinuria and hand-foot syndrome.
Case presentation
A 55-year-old man with gastric cancer started apatinib 500 mg daily in May 2019.
In July 2019, grade 2 hypertension occurred and was controlled with amlodipine.
"""


def test_drug_profile_in_present_tense_is_not_the_patients_event():
    _, rows = _ae_rows(PROFILE)
    assert rows == {("apatinib", "hypertension", "2")}


def test_title_event_and_claimed_grade():
    text = ("Anemia Grade IV and Hypokalemia in an Elderly Woman Receiving Carboplatin\n\n"
            "Case presentation\nA 79-year-old woman with ovarian cancer started carboplatin in March 2020.\n")
    _, rows = _ae_rows(text)
    assert ("carboplatin", "anemia", "4") in rows
    assert ("carboplatin", "hypokalemia", None) in rows  # the grade after anemia is not its


def test_study_death_with_graded_event():
    text = ("Capecitabine in gastric cancer: a phase II trial\n\nAbstract\nMethods\n"
            "Thirty patients received capecitabine 1000 mg/m2 twice daily.\nResults\n"
            "One treatment-related death was due to grade 5 pneumonitis.\n")
    _, rows = _ae_rows(text)
    assert ("capecitabine", "pneumonitis", "5") in rows


def test_comorbidities_at_baseline_are_not_events():
    text = ("Regorafenib in colorectal cancer: a retrospective study\n\nAbstract\nMethods\n"
            "Forty patients received regorafenib 160 mg daily.\nResults\n"
            "Comorbidities included hypertension (35%) and hypothyroidism (10%).\n"
            "Hypertension occurred in 12 patients (30%).\n")
    _, rows = _ae_rows(text)
    assert rows == {("regorafenib", "hypertension", None)}


def test_case_report_background_rate_is_not_an_event():
    text = PROFILE.replace("Case presentation\n", "Hand-foot syndrome occurs in 30% of patients on apatinib.\nCase presentation\n")
    _, rows = _ae_rows(text)
    assert rows == {("apatinib", "hypertension", "2")}


def test_patients_experienced_lists_events_but_who_developed_is_a_subgroup():
    text = ("Everolimus in kidney cancer: a phase II trial\n\nAbstract\nMethods\n"
            "Thirty patients received everolimus 10 mg daily.\nResults\n"
            "Most patients experienced stomatitis and fatigue.\n"
            "Patients who developed pneumonitis had longer survival.\n")
    _, rows = _ae_rows(text)
    assert rows == {("everolimus", "oral mucositis", None), ("everolimus", "fatigue", None)}


ONSET_CAUSES = """Colitis on nivolumab: a case report

Case presentation
A 63-year-old man with lung cancer started nivolumab 240 mg every 2 weeks in January 2021.
In March 2021 he developed colitis.
After chest irradiation in April 2021 he developed pneumonitis.
In May 2021 he developed pancreatitis from a bacterial infection.
In June 2021 he developed cholangitis following biliary surgery.
"""


def test_inflammation_onset_with_another_cause_is_not_an_event():
    _, rows = _ae_rows(ONSET_CAUSES)
    assert rows == {("nivolumab", "colitis", None)}


def test_one_patient_phrase_is_an_event_cue_only_in_the_title():
    study = ("Everolimus in kidney cancer: a phase II trial\n\nAbstract\nMethods\n"
             "Thirty patients received everolimus 10 mg daily.\nResults\n"
             "Stomatitis occurred in 12 patients (40%).\n"
             "Other groups once described hepatitis in a man receiving everolimus for a lymphoma.\n")
    _, rows = _ae_rows(study)
    assert rows == {("everolimus", "oral mucositis", None)}
    case = ("Pneumonitis in a Man Treated With Erlotinib\n\nCase presentation\n"
            "A 66-year-old man with lung cancer started erlotinib 150 mg daily in April 2018.\n"
            "Earlier authors saw hepatitis in a woman on erlotinib with hepatic metastases.\n")
    _, rows = _ae_rows(case)
    assert rows == {("erlotinib", "pneumonitis", None)}


def test_disease_complication_or_viral_hepatitis_is_not_an_event():
    case = ("Fistula on bevacizumab: a case report\n\nCase presentation\n"
            "A 57-year-old woman with colon cancer started bevacizumab 5 mg/kg every 2 weeks in February 2020.\n"
            "In April 2020 she developed hepatitis B reactivation.\n"
            "Grade 3 respiratory failure from tumour progression developed in May 2020.\n"
            "A grade 2 fistula related to bevacizumab was found in June 2020.\n")
    _, rows = _ae_rows(case)
    assert rows == {("bevacizumab", "fistula", "2")}
    study = ("Sunitinib in kidney cancer: a phase II trial\n\nAbstract\nMethods\n"
             "Forty patients received sunitinib 50 mg daily.\nResults\n"
             "Two patients (5%) had edema secondary to tumour compression of the vena cava.\n"
             "Edema occurred in 6 patients (15%).\n")
    _, rows = _ae_rows(study)
    assert rows == {("sunitinib", "edema", None)}


def test_reaction_to_a_supportive_drug_is_not_the_cancer_drugs_event():
    text = ONSET_CAUSES + ("After a dose of ondansetron in July 2021 he developed an allergic reaction.\n"
                           "In August 2021 he developed an infusion reaction to zoledronic acid.\n"
                           "In September 2021 he developed thyroiditis treated with prednisone.\n")
    _, rows = _ae_rows(text)
    assert rows == {("nivolumab", "colitis", None), ("nivolumab", "thyroiditis", None)}
