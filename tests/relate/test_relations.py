"""Relation rules on small invented documents."""

from graph_builder.read import SourceDocument
from graph_builder.recognise import recognise
from graph_builder.relate import relate
from graph_builder.relate.cohort import cohort_values
from graph_builder.segment import segment

CASE = """Illustrative case

Case presentation
A 63-year-old woman with metastatic colorectal cancer received FOLFOX plus bevacizumab (oxaliplatin 85 mg/m2, leucovorin and fluorouracil with bevacizumab 5 mg/kg every 2 weeks) from March 2, 2019, to August 20, 2019. The best response was PR. CT in September 2019 showed new liver lesions, indicating PD, with a PFS of 6.5 months.
Cetuximab was recommended, but the patient refused it. From October 1, 2019, she took regorafenib 160 mg once daily on days 1-21 of a 28-day cycle. Grade 3 hand-foot skin reaction related to regorafenib occurred, and the dose was reduced to 120 mg. The disease was stable, and no grade 4 adverse events occurred.

Discussion
Regorafenib is a multikinase inhibitor that blocks VEGFR-2 and TIE2. Cetuximab is an anti-EGFR monoclonal antibody. Jones et al. reported a PFS of 2 months with regorafenib.
"""


def _facts(text):
    seg = segment(SourceDocument.from_text(text, "case"))
    return seg, relate(recognise(seg))


def _rows(facts, view):
    return [f.row() for f in facts if f.view == view]


def test_case_report_timeline():
    seg, facts = _facts(CASE)
    assert seg.kind == "case_report"
    treatments = {tuple(r["drugs"]): (r["start"], r["end"]) for r in _rows(facts, "treatments")}
    assert treatments == {("bevacizumab", "fluorouracil", "leucovorin", "oxaliplatin"): ("2019-03-02", "2019-08-20"),
                          ("regorafenib",): ("2019-10-01", None)}
    responses = {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")}
    assert responses == {(("bevacizumab", "fluorouracil", "leucovorin", "oxaliplatin"), "PR"),
                         (("bevacizumab", "fluorouracil", "leucovorin", "oxaliplatin"), "PD"),
                         (("regorafenib",), "SD")}
    surv = _rows(facts, "survival")
    assert [(r["endpoint"], r["value"], r["unit"]) for r in surv] == [("PFS", 6.5, "months")]  # cited 2 months excluded
    aes = {(r["drug"], r["event"], r["grade"]) for r in _rows(facts, "adverse_events")}
    assert aes == {("regorafenib", "palmar-plantar erythrodysesthesia syndrome", "3")}
    doses = {(r["drug"], r["amount"], r["unit"], r["frequency"]) for r in _rows(facts, "doses")}
    assert ("regorafenib", 160, "mg", "d1-21 every 4 weeks") in doses
    assert ("regorafenib", 120, "mg", None) in doses
    assert ("bevacizumab", 5, "mg/kg", "every 2 weeks") in doses
    assert not any(r["drug"] == "cetuximab" for r in _rows(facts, "doses"))


def test_drug_targets_from_discussion_with_evidence():
    seg, facts = _facts(CASE)
    dts = {(r["drug"], r["target"]) for r in _rows(facts, "drug_targets")}
    assert dts == {("regorafenib", "KDR"), ("regorafenib", "TEK"), ("cetuximab", "EGFR")}
    for f in facts:
        for ev in f.evidence:
            assert CASE[ev.start:ev.end] == ev.text


def test_cohort_values_respectively_and_ci():
    vals = [(v.measure, v.value, v.unit) for v in cohort_values(
        "Median PFS and median OS reached 5.6 months (95% CI, 4.2-7.0) and 12.9 months (95% CI, 10.1-15.7), respectively.")]
    assert vals == [("median PFS", 5.6, "months"), ("median OS", 12.9, "months")]
    vals = [(v.measure, v.value, v.n, v.N) for v in cohort_values("We recorded an ORR of 14.1% (9/64) and a DCR of 73.4%.")]
    assert vals == [("ORR", 14.1, 9, 64), ("DCR", 73.4, None, None)]
    assert [(v.measure, v.value) for v in cohort_values("Bone-only disease progressed later (Hazard ratio/HR=0.51; "
                                                          "95% CI: 0.28-0.92; p=0.024).")] == [("HR", 0.51)]


def test_mpfs_meaning_follows_the_documents_own_definition():
    from graph_builder.relate.rules.cohort_outcomes import mpfs_is_own_endpoint

    assert mpfs_is_own_endpoint("lesion-specific progression-free survival (mPFS) was chosen as the primary endpoint")
    assert not mpfs_is_own_endpoint("the median progression-free survival (mPFS) reached 6.4 months")
    assert not mpfs_is_own_endpoint("mPFS was longer with cabozantinib, 9.1 vs 5.2 months")


def test_including_is_history_only_after_a_history_cue():
    _, facts = _facts("Case presentation\nA 58-year-old man received docetaxel and developed neutropenia, including "
                      "febrile neutropenia.\n")
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["docetaxel"]]
    _, facts = _facts("Case presentation\nA 58-year-old man had failed several prior regimens, including docetaxel and "
                      "cisplatin. He then received cabazitaxel.\n")
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["cabazitaxel"]]


def test_monotherapy_of_one_drug_opens_its_own_regimen():
    _, facts = _facts("Case presentation\nA 47-year-old woman received carboplatin and paclitaxel. After four cycles, "
                      "paclitaxel monotherapy was used.\n")
    assert sorted(tuple(r["drugs"]) for r in _rows(facts, "treatments")) == [("carboplatin", "paclitaxel"), ("paclitaxel",)]


def test_refusal_stays_in_its_own_clause():
    _, facts = _facts("Case presentation\nA 33-year-old woman declined surgery and received nivolumab.\n")
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["nivolumab"]]


def test_a_question_is_not_an_administration():
    _, facts = _facts("Case presentation\nA 70-year-old man received sorafenib. Which patients benefit from first-line "
                      "lenvatinib remains open.\n")
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["sorafenib"]]


def test_suspected_progression_is_not_a_response():
    _, facts = _facts("Case presentation\nA 49-year-old man began vemurafenib and cobimetinib. PET showed hilar nodes "
                      "suspicious for disease progression, but biopsy revealed sarcoid-like granulomas.\n")
    assert _rows(facts, "responses") == []


def test_announcement_retold_later_does_not_open_the_regimen_early():
    text = ("We describe a 36-year-old man with melanoma who responded to pembrolizumab. Chemotherapy had been given "
            "first, and the disease progressed. He then received pembrolizumab. A complete response followed.")
    _, facts = _facts(text)
    assert {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")} == {(("pembrolizumab",), "CR")}


def test_a_sentence_about_both_patients_opens_no_new_regimen():
    for both in ("In both patients, nivolumab produced stable disease.",
                 "Stable disease was seen in both patients given nivolumab."):
        text = ("Case 1\nA 52-year-old woman received nivolumab and trametinib.\n\nCase 2\nA 64-year-old man received "
                "nivolumab.\n\n" + both + "\n")
        _, facts = _facts(text)
        assert sorted((r["patient"], tuple(r["drugs"])) for r in _rows(facts, "treatments")) == \
            [(1, ("nivolumab", "trametinib")), (2, ("nivolumab",))]


def test_progression_told_before_the_next_drug_belongs_to_the_running_one():
    text = ("Case presentation\nA 66-year-old woman was treated with capecitabine. A year later she developed recurrence "
            "of liver metastases and was treated with irinotecan. Radiotherapy was also used. Six months later, new lung "
            "nodules were observed and regorafenib was started.\n")
    _, facts = _facts(text)
    assert {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")} == \
        {(("capecitabine",), "PD"), (("irinotecan",), "PD")}


def test_regimen_before_a_second_line_is_line_one_and_maintenance_keeps_its_response():
    text = ("Case presentation\nA 58-year-old man received adjuvant oxaliplatin in 2015. In 2017 he started capecitabine "
            "and bevacizumab, and a complete response was achieved. Bevacizumab maintenance followed. He still maintains "
            "a complete response. In 2019 he received second-line irinotecan.\n")
    _, facts = _facts(text)
    lines = {tuple(r["drugs"]): r["line"] for r in _rows(facts, "treatments")}
    assert lines[("bevacizumab", "capecitabine")] == 1
    assert lines[("irinotecan",)] == 2
    assert lines[("oxaliplatin",)] is None
    assert {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")} == \
        {(("bevacizumab", "capecitabine"), "CR")}


def test_regimens_told_in_one_breath_are_kept_apart():
    for text in ("Case presentation\nA 62-year-old woman received cisplatin plus etoposide and docetaxel plus "
                 "gemcitabine switched to topotecan, and concurrently she was started on olaparib.\n",
                 "Case presentation\nA 62-year-old woman was treated with cisplatin and etoposide and gemcitabine plus "
                 "docetaxel switched to topotecan, and olaparib was simultaneously started.\n"):
        _, facts = _facts(text)
        assert sorted(tuple(r["drugs"]) for r in _rows(facts, "treatments")) == \
            [("cisplatin", "etoposide"), ("docetaxel", "gemcitabine"), ("olaparib", "topotecan")]


def _dose_rows(sentence):
    text = "Illustrative case\n\nCase presentation\nA 50-year-old man with gastric cancer was admitted. " + sentence + "\n"
    _, facts = _facts(text)
    return {(r["drug"], r["amount"], r["unit"], r["frequency"]) for r in _rows(facts, "doses")}


def test_amount_of_drug_belongs_to_the_drug_after_it():
    for sentence in ("In May 2020 the regimen consisted of 2,000 mg/m2 of capecitabine and 100 mg/m2 of oxaliplatin.",
                     "From May 2020, 100 mg/m2 of oxaliplatin was given with 2,000 mg/m2 of capecitabine."):
        rows = _dose_rows(sentence)
        assert {(d, a, u) for d, a, u, _ in rows} == {("capecitabine", 2000, "mg/m2"), ("oxaliplatin", 100, "mg/m2")}


def test_on_off_schedule_past_a_clause_break():
    for sentence in ("He was given sunitinib 37.5 mg/d for 2 weeks, then 1 week off treatment, from May 2020.",
                     "From May 2020 he took sunitinib 37.5 mg/d for 2 weeks, followed by 1 week without treatment.",
                     "He was given sunitinib 37.5 mg/d (2 weeks on, 1 week off) from May 2020."):
        assert _dose_rows(sentence) == {("sunitinib", 37.5, "mg", "d1-14 every 3 weeks")}


def test_switched_to_starts_a_new_course_without_a_subject():
    text = ("Illustrative case\n\nCase presentation\nA 58-year-old woman with pancreatic cancer was initially treated with "
            "gemcitabine plus cisplatin and after four cycles was switched to capecitabine.\n")
    _, facts = _facts(text)
    assert {tuple(r["drugs"]) for r in _rows(facts, "treatments")} == {("cisplatin", "gemcitabine"), ("capecitabine",)}


def test_split_dose_parts_share_their_schedule():
    for sentence in ("From May 2020 he received fluorouracil (bolus 300 mg/m2, then 500 mg/m2 by 46-h infusion, days 1 "
                     "and 2) every 2 weeks.",
                     "From May 2020 he received fluorouracil 300 mg/m2 as a bolus and 500 mg/m2 as a 46-h infusion on "
                     "days 1 and 2, repeated every 2 weeks."):
        rows = _dose_rows(sentence)
        assert rows == {("fluorouracil", 300, "mg/m2", "d1-2 every 2 weeks"),
                        ("fluorouracil", 500, "mg/m2", "d1-2 every 2 weeks")}


def test_the_title_does_not_open_the_regimen_before_the_narrative():
    text = ("Pembrolizumab as rescue therapy in melanoma\n\nA 52-year-old woman first received chemotherapy, and the "
            "disease progressed. She was then given pembrolizumab, and a complete response followed.\n")
    _, facts = _facts(text)
    assert {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")} == {(("pembrolizumab",), "CR")}


def test_question_asserts_no_regimen():
    text = ("Illustrative case\n\nCase presentation\nA 61-year-old woman with lung cancer was seen in March 2021.\n"
            "What is the role of CTX therapy in the second line setting for such patients?\n")
    _, facts = _facts(text)
    assert _rows(facts, "treatments") == []


def test_reduced_dose_range_shares_the_schedule():
    rows = _dose_rows("From May 2020 he took lenvatinib (12 mg–8 mg, qd).")
    assert rows == {("lenvatinib", 12, "mg", "daily"), ("lenvatinib", 8, "mg", "daily")}


def test_defined_regimen_then_another_combination_are_two_courses():
    text = ("Illustrative case\n\nCase presentation\nA 66-year-old man with gastric cancer was first treated with "
            "FLOT (docetaxel, oxaliplatin, leucovorin and fluorouracil) and paclitaxel plus ramucirumab.\n")
    _, facts = _facts(text)
    assert {tuple(r["drugs"]) for r in _rows(facts, "treatments")} == {
        ("docetaxel", "fluorouracil", "leucovorin", "oxaliplatin"), ("paclitaxel", "ramucirumab")}


def test_dose_bracket_then_combination_stays_one_course():
    text = ("Illustrative case\n\nCase presentation\nA 66-year-old man with colon cancer was treated with "
            "oxaliplatin (85 mg/m2, day 1) and capecitabine plus bevacizumab from May 2020.\n")
    _, facts = _facts(text)
    assert {tuple(r["drugs"]) for r in _rows(facts, "treatments")} == {("bevacizumab", "capecitabine", "oxaliplatin")}


def test_cycle_closing_a_dose_list_applies_to_unscheduled_doses_only():
    rows = _dose_rows("From May 2020 he received paclitaxel 175 mg/m2 plus carboplatin AUC 5 on day 1 of 21-day cycles.")
    assert rows == {("paclitaxel", 175, "mg/m2", "every 3 weeks"), ("carboplatin", 5, "AUC", "every 3 weeks")}
    rows = _dose_rows("From May 2020 he took apatinib 500 mg plus S-1 40 mg twice a day, days 1-14, each 3 weeks.")
    assert ("apatinib", 500, "mg", None) in rows


def test_maintenance_stopped_in_its_own_sentence_and_an_outcome_date_is_no_start():
    text = ("Case presentation\nA 64-year-old man started capecitabine and bevacizumab in March 2016. He received "
            "maintenance with bevacizumab, which was stopped in May 2017. He then started irinotecan, "
            "achieving in June 2018 a partial response.\n")
    _, facts = _facts(text)
    rows = {tuple(r["drugs"]): (r["start"], r["end"]) for r in _rows(facts, "treatments")}
    assert rows[("bevacizumab",)] == (None, "2017-05")
    assert rows[("irinotecan",)] == (None, None)


HISTORY = """Case presentation
A 55-year-old woman with metastatic ovarian cancer received carboplatin and paclitaxel as first-line therapy. After progression, gemcitabine was started as second-line treatment, and stable disease was achieved. She was then switched to olaparib, with a partial response; she remained progression-free for over 2 years. Fourth line pembrolizumab was given in 2021, but the disease progressed. She is alive 40 months after diagnosis.
"""


def test_lines_of_therapy_with_their_outcomes():
    _, facts = _facts(HISTORY)
    assert {tuple(r["drugs"]): r["line"] for r in _rows(facts, "treatments")} == {
        ("carboplatin", "paclitaxel"): 1, ("gemcitabine",): 2, ("olaparib",): 3, ("pembrolizumab",): 4}
    assert {(tuple(r["drugs"]), r["response"]) for r in _rows(facts, "responses")} == {
        (("carboplatin", "paclitaxel"), "PD"), (("gemcitabine",), "SD"), (("olaparib",), "PR"), (("pembrolizumab",), "PD")}
    surv = {(r["endpoint"], r["value"], r["qualifier"]): r["drugs"] for r in _rows(facts, "survival")}
    assert surv == {("PFS", 2.0, ">"): ["olaparib"], ("OS", 40.0, ">="): None}  # alive at 40 months: at least 40


def test_then_after_an_auxiliary_does_not_cut_the_clause():
    text = ("Case presentation\nA 62-year-old man was treated with erlotinib from May 2015 to June 2016, when progression "
            "was documented. Osimertinib was then given from July 2016; a PFS of 14 months was achieved.\n")
    _, facts = _facts(text)
    assert {tuple(r["drugs"]): r["start"] for r in _rows(facts, "treatments")} == \
        {("erlotinib",): "2015-05", ("osimertinib",): "2016-07"}
    assert [(r["drugs"], r["response"]) for r in _rows(facts, "responses")] == [(["erlotinib"], "PD")]
    assert [(r["drugs"], r["value"]) for r in _rows(facts, "survival")] == [(["osimertinib"], 14.0)]


def test_refusal_negation_and_history_keep_to_their_own_clause():
    cases = {
        "A 60-year-old man with colon cancer was offered cetuximab but declined it, and received panitumumab instead.":
            [["panitumumab"]],
        "A 60-year-old man with colon cancer. Bevacizumab was not given because of bleeding, and irinotecan was started.":
            [["irinotecan"]],
        "A 60-year-old man with lung cancer, previously treated with several regimens including docetaxel and "
        "gemcitabine, received nivolumab.": [["nivolumab"]],
        "A 60-year-old man with lung cancer received carboplatin, pemetrexed, and pembrolizumab.":
            [["carboplatin", "pembrolizumab", "pemetrexed"]],
    }
    for text, want in cases.items():
        _, facts = _facts("Case presentation\n" + text + "\n")
        assert [r["drugs"] for r in _rows(facts, "treatments")] == want, text


def test_steroid_listed_in_a_regimen_is_part_of_it_and_a_participle_names_the_regimen():
    text = ("Case presentation\nAn 81-year-old man with lymphoma first received bendamustine. We observed a complete "
            "response in this patient treated with rituximab, ibrutinib, and prednisone.\n")
    _, facts = _facts(text)
    assert [(r["drugs"], r["response"]) for r in _rows(facts, "responses")] == \
        [(["ibrutinib", "prednisone", "rituximab"], "CR")]
    _, facts = _facts("Case presentation\nA 70-year-old man with glioma received temozolomide and dexamethasone for "
                      "oedema.\n")
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["temozolomide"]]


def test_a_drug_left_out_and_then_added_to_the_chemotherapy():
    text = ("Case presentation\nA 57-year-old woman received carboplatin and gemcitabine without bevacizumab as the "
            "first cycle, followed by four cycles of chemotherapy with bevacizumab. A partial response was seen.\n")
    _, facts = _facts(text)
    assert [tuple(r["drugs"]) for r in _rows(facts, "treatments")] == \
        [("carboplatin", "gemcitabine"), ("bevacizumab", "carboplatin", "gemcitabine")]
    assert [(r["drugs"], r["response"]) for r in _rows(facts, "responses")] == \
        [(["bevacizumab", "carboplatin", "gemcitabine"], "PR")]


TITLED = """Lasting response to sunitinib in renal cell carcinoma: a case report

Case Report

Lasting response to sunitinib in renal cell carcinoma: a case report Invented Author1, Other Author2

Abstract: We report a patient with renal cell carcinoma who received sunitinib and achieved a complete response.
"""


def test_a_title_printed_again_under_the_case_heading_is_not_the_narrative():
    _, facts = _facts(TITLED)
    assert [(r["drugs"], r["response"]) for r in _rows(facts, "responses")] == [(["sunitinib"], "CR")]


def test_a_new_line_with_chemotherapy_does_not_absorb_the_maintenance_drug():
    text = ("Case presentation\nA 66-year-old man received capecitabine and bevacizumab. Bevacizumab maintenance was "
            "given. Next the man began second-line chemotherapy with irinotecan and panitumumab.\n")
    _, facts = _facts(text)
    assert ["irinotecan", "panitumumab"] in [r["drugs"] for r in _rows(facts, "treatments")]


PRIOR_THERAPIES = """Methods
In this single-arm phase II study, 64 patients with metastatic urothelial carcinoma received erdafitinib 8 mg once daily. All had previously received cisplatin-based chemotherapy, and 41% had also received nivolumab or atezolizumab.
Results
The objective response rate was 36% (23/64).
"""


def test_a_study_population_s_earlier_therapies_are_not_its_regimens():
    _, facts = _facts(PRIOR_THERAPIES)
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["erdafitinib"]]


LOADING_DOSE = """Case presentation
A 58-year-old woman had metastatic gastric cancer. She started first-line trastuzumab 8 mg/kg as a loading dose, then 6 mg/kg every 3 weeks, together with CAPOX (capecitabine 1,000 mg/m2 twice daily and oxaliplatin 130 mg/m2 on day 1). A partial response was seen after three cycles.
"""


def test_a_loading_dose_then_the_maintenance_dose_is_one_course():
    _, facts = _facts(LOADING_DOSE)
    assert [r["drugs"] for r in _rows(facts, "treatments")] == [["capecitabine", "oxaliplatin", "trastuzumab"]]
    assert [r["drugs"] for r in _rows(facts, "responses")] == [["capecitabine", "oxaliplatin", "trastuzumab"]]


STOPPED_ON = """Case presentation
A 63-year-old woman with relapsed ovarian cancer received carboplatin and paclitaxel between February and June 2016. On 4 July 2016 she began olaparib maintenance. Olaparib was stopped on 9 October 2018 because of progression.
"""


def test_a_course_ends_when_the_text_says_it_was_stopped_on_a_date():
    _, facts = _facts(STOPPED_ON)
    rows = {tuple(r["drugs"]): (r["start"], r["end"]) for r in _rows(facts, "treatments")}
    assert rows == {("carboplatin", "paclitaxel"): ("2016-02", "2016-06"), ("olaparib",): ("2016-07-04", "2018-10-09")}


def test_the_stop_date_is_the_one_the_stop_word_governs():
    text = ("Case presentation\nA 71-year-old man had metastatic renal cancer. Cabozantinib was started on 2 May 2019. "
            "In August 2020 new lung nodules appeared, and cabozantinib was stopped on 14 September 2020.\n")
    _, facts = _facts(text)
    assert [(r["start"], r["end"]) for r in _rows(facts, "treatments")] == [("2019-05-02", "2020-09-14")]
