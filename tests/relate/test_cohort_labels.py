"""Arm and subgroup labels and group sizes for cohort values, on invented sentences."""

from graph_builder.read import SourceDocument
from graph_builder.relate.cohort import cohort_values
from graph_builder.relate.cohort_labels import Arms, arm_sizes, cohort_size, label_values, tidy


def _labelled(sentences):
    arms = Arms()
    out = []
    for s in sentences:
        vals = cohort_values(s)
        label_values(s, vals, arms)
        out.extend((v.measure, v.value, v.cohort) for v in vals)
    return out, arms


def test_respectively_list_names_the_arms():
    got, _ = _labelled(["ORRs of 40.0% and 12.5% were observed in the AB and CD arms, respectively."])
    assert got == [("ORR", 40.0, "AB"), ("ORR", 12.5, "CD")]
    got, _ = _labelled(["In the AB and CD arms, the ORR was 40.0% and 12.5%, respectively."])
    assert got == [("ORR", 40.0, "AB"), ("ORR", 12.5, "CD")]
    got, _ = _labelled(["Arms 1 and 2 had median OS of 20.1 and 11.0 months, respectively."])
    assert got == [("median OS", 20.1, "arm 1"), ("median OS", 11.0, "arm 2")]


def test_phrase_after_each_value_and_comparison_hr():
    got, arms = _labelled([
        "Median OS reached 12.0 months (95% confidence interval [CI], 9.1 to 14.2) with drugmab, as compared with "
        "8.1 months (95% CI, 6.0 to 9.9) with the control regimen.",
        "Drugmab reduced the risk of death by 30% (hazard ratio, 0.70; 95% CI, 0.55 to 0.89).",
    ])
    assert got == [("median OS", 12.0, "drugmab"), ("median OS", 8.1, "control regimen"),
                   ("HR", 0.70, "drugmab vs control regimen (OS)")]
    got, _ = _labelled(["Median OS was 12.0 months with drugmab and 8.1 months with the control regimen "
                        "(hazard ratio, 0.70; 95% CI, 0.55 to 0.89)."])
    assert got == [("median OS", 12.0, "drugmab"), ("median OS", 8.1, "control regimen"),
                   ("HR", 0.70, "drugmab vs control regimen (OS)")]


def test_contrast_before_values_and_shared_backbone():
    got, arms = _labelled([
        "PFS improved in patients randomised to drugmab plus paclitaxel versus placebo plus paclitaxel "
        "(median 6.2 months vs 4.0 months; hazard ratio [HR] 0.66, 95% CI 0.51-0.85).",
        "Tumours shrank; an objective response was obtained in 30 (28.0%) of 107 patients assigned drugmab "
        "and 15 (14.2%) of 106 assigned placebo.",
    ])
    assert got == [("median PFS", 6.2, "drugmab plus paclitaxel"), ("median PFS", 4.0, "placebo plus paclitaxel"),
                   ("HR", 0.66, "drugmab vs placebo (PFS)"),
                   ("ORR", 28.0, "drugmab plus paclitaxel"), ("ORR", 14.2, "placebo plus paclitaxel")]


def test_subgroup_factor_hrs():
    got, _ = _labelled(["In the multivariable model, age ≥ 70 (HR: 1.90, P = .01) and liver metastases (HR: 2.30, P = .002) "
                        "independently predicted OS."])
    assert got == [("HR", 1.90, "age ≥ 70 (OS)"), ("HR", 2.30, "liver metastases (OS)")]


def test_versus_pair_follows_the_arms_order_and_unlabelled_stays_all():
    got, _ = _labelled(["Median TTP reached 7.0 months with the weekly schedule and 5.0 months with the daily schedule.",
                        "Median OS was similar (19.0 v 18.2 months; P = .40).",
                        "The ORR was 30%."])
    assert got == [("median TTP", 7.0, "weekly schedule"), ("median TTP", 5.0, "daily schedule"),
                   ("median OS", 19.0, "weekly schedule"), ("median OS", 18.2, "daily schedule"), ("ORR", 30.0, None)]


def test_sizes():
    assert cohort_size("Sixty-two patients (40 women) were recruited between 2015 and 2019. The ORR was 20%.") == 62
    assert cohort_size("Methods. We enrolled sixty-two patients (40 men). The ORR was 20%.") == 62
    assert cohort_size("A sample of 200 patients was planned, and 154 patients were randomized.") == 154
    assert cohort_size("300 patients were enrolled. Here we present results from the subgroup of 75 patients "
                       "with prior surgery.") == 300  # a subgroup "with ..." is not the paper's own population
    assert cohort_size("Here we present results in this subset of 75 patients.") == 75
    # the paper's own population wins from wherever it stands; without one, the first count is the answer
    assert cohort_size("In total 300 patients were enrolled and 120 patients were randomized. Of the 96 evaluable "
                       "patients, 30 responded.") == 96
    assert cohort_size("In total 300 patients were enrolled and 120 patients were randomized. Of the 96 patients, "
                       "30 responded.") == 300
    assert cohort_size("Three hundred patients were enrolled.") != 3  # a hundreds word is not misread
    sizes = arm_sizes("The trial randomised patients to drug A (n = 40) or drug B (n = 38).")
    arms = Arms(labels=["drug A", "drug B"], sizes=sizes)
    assert arms.size("drug A") == 40 and arms.size("drug B") == 38


def test_tidy_labels():
    """A label is printed as the text writes it (the evaluator folds spellings); mentions still find it."""
    assert tidy("treatment-naïve ,") == "treatment-naïve"
    assert tidy("previously-treated  patients.") == "previously-treated patients"
    arms = Arms(labels=["chemotherapy-naïve", "previously-treated"])
    assert arms.canonical("chemotherapy-naive") == "chemotherapy-naïve"
    assert arms.canonical("previously treated") == "previously-treated"


def test_size_from_all_n_patients():
    assert cohort_size("Median OS among all 52 patients was 9.0 months; it was 11.2 months in the 30 patients with X.") == 52
    assert cohort_size("Median PFS reached 4.0 months for all 52 patients and 5.1 months for the 30 patients with X.") == 52


ABSTRACT = """Abstract
Methods: In this multicentre phase III trial, adults with metastatic colorectal cancer were randomly allocated to irinotecan plus cetuximab or irinotecan plus placebo. Overall, 200 patients were randomised.
Results: PFS improved in patients randomised to cetuximab plus irinotecan versus placebo plus irinotecan (median 5.3 months vs 3.1 months; hazard ratio [HR] 0.58, 95% CI 0.44-0.77). Across both arms the objective response rate reached 24%.
"""


def test_cohort_rows_carry_arm_drugs_and_sizes():
    from graph_builder.recognise import recognise
    from graph_builder.relate import relate
    from graph_builder.segment import segment

    seg = segment(SourceDocument.from_text(ABSTRACT, "trial"))
    assert seg.kind == "cohort"
    rows = {(r["measure"], r["value"]): r for f in relate(recognise(seg)) if f.view == "cohort_outcomes" for r in [f.row()]}
    assert rows[("median PFS", 5.3)]["cohort"] == "cetuximab plus irinotecan"
    assert rows[("median PFS", 5.3)]["drug"] == ["cetuximab", "irinotecan"]
    assert rows[("median PFS", 3.1)]["drug"] == "irinotecan"
    assert rows[("HR", 0.58)]["cohort"] == "cetuximab vs placebo (PFS)"
    assert rows[("HR", 0.58)]["drug"] == "cetuximab" and rows[("HR", 0.58)]["N"] == 200
    assert rows[("ORR", 24.0)]["cohort"] == "all" and rows[("ORR", 24.0)]["N"] == 200


def test_subgroups_named_after_values_and_thresholds_are_not_values():
    got, _ = _labelled(["The ORR was 45% in patients with PD-L1 ≥ 50% and 12% in those with PD-L1 < 1%."])
    assert got == [("ORR", 45.0, "PD-L1 ≥ 50%"), ("ORR", 12.0, "PD-L1 < 1%")]
    got, _ = _labelled(["The ORR was 45% in patients with PD-L1 ≥ 50% and 12% in patients with PD-L1 < 1%."])
    assert got == [("ORR", 45.0, "PD-L1 ≥ 50%"), ("ORR", 12.0, "PD-L1 < 1%")]
    got, _ = _labelled(["Median OS was 15.0 months for patients with ECOG PS 0-1 and 4.9 months for those with PS 2."])
    assert got == [("median OS", 15.0, "ECOG PS 0-1"), ("median OS", 4.9, "PS 2")]


def test_a_value_repeated_without_its_arm_stays_one_labelled_row():
    from graph_builder.recognise import recognise
    from graph_builder.relate import relate
    from graph_builder.segment import segment

    text = ABSTRACT.replace("Across both arms the objective response rate reached 24%.",
                            "In this trial, median PFS was 5.3 months.")
    seg = segment(SourceDocument.from_text(text, "trial"))
    rows = [f.row() for f in relate(recognise(seg)) if f.view == "cohort_outcomes" and f.measure == "median PFS" and f.value == 5.3]
    assert [r["cohort"] for r in rows] == ["cetuximab plus irinotecan"]


def test_arm_acronym_defined_in_brackets_gives_its_drugs():
    from graph_builder.relate.rules.cohort_outcomes import _defined_regimen

    text = "Patients received either docetaxel-cisplatin (DC) or paclitaxel and carboplatin (PC) every 3 weeks."
    assert _defined_regimen("DC", text) == ["cisplatin", "docetaxel"]
    assert _defined_regimen("PC", text) == ["carboplatin", "paclitaxel"]
    assert _defined_regimen("arm A", text) is None


def test_fronted_group_labels_the_whole_sentence_and_sizes_match_whole_words():
    got, _ = _labelled(["For the prior radiotherapy group, the median PFS reached 5.0 months, and the median OS reached 12.0 months."])
    assert got == [("median PFS", 5.0, "prior radiotherapy"), ("median OS", 12.0, "prior radiotherapy")]
    arms = Arms(labels=["nodal disease", "extranodal disease"],
                sizes=arm_sizes("Of these, 30 had nodal disease and 25 had extranodal disease."))
    assert arms.size("nodal disease") == 30 and arms.size("extranodal disease") == 25


def test_group_named_before_its_value_and_clauses_are_no_factor():
    got, _ = _labelled(["The ORR in the high-dose cohort was 38% versus 21% in the low-dose cohort."])
    assert got == [("ORR", 38.0, "high-dose cohort"), ("ORR", 21.0, "low-dose cohort")]
    got, _ = _labelled(["The ORR reached 38% in the high-dose cohort versus 21% in the low-dose cohort."])
    assert got == [("ORR", 38.0, "high-dose cohort"), ("ORR", 21.0, "low-dose cohort")]
    got, _ = _labelled(["The combination improved overall survival (HR, 0.79 [0.64-0.97])."])
    assert got == [("HR", 0.79, None)]


def test_groups_with_their_own_heads_and_fronted_counted_subgroups():
    got, _ = _labelled(["Median OS in the bone group (n=30) and visceral group (n=22) was 20.5 and 9.1 months, respectively."])
    assert got == [("median OS", 20.5, "bone"), ("median OS", 9.1, "visceral")]
    arms = Arms(total=90)
    vals = cohort_values("For the 35 patients with liver metastases, the median PFS was 3.9 months.")
    label_values("For the 35 patients with liver metastases, the median PFS was 3.9 months.", vals, arms)
    assert [(v.cohort, arms.size(v.cohort)) for v in vals] == [("liver metastases", 35)]
    vals = cohort_values("For the 90 patients with HCC, the median PFS was 3.0 months.")
    label_values("For the 90 patients with HCC, the median PFS was 3.0 months.", vals, arms)
    assert [v.cohort for v in vals] == [None]


def test_a_qualified_subgroup_never_overrides_the_study_size():
    text = ("A total of 240 patients were enrolled. Results in the subgroup of 55 patients with bone metastases "
            "did not differ from the whole population.")
    assert cohort_size(text) == 240
    assert cohort_size("Results for the cohort of 64 patients were pooled; overall 410 patients were enrolled.") == 410
    assert cohort_size("Of 500 screened, 210 patients were enrolled; we present the results of this subset of 88 patients.") == 88


def test_a_head_noun_listed_once_is_shared_by_both_modifiers():
    got, _ = _labelled(["The ORRs were 35% and 20% in the gastric and esophageal adenocarcinoma cohorts, respectively."])
    assert got == [("ORR", 35.0, "gastric adenocarcinoma"), ("ORR", 20.0, "esophageal adenocarcinoma")]
    got, _ = _labelled(["Median PFS was 9.0 and 5.5 months in the first-line and second-line NSCLC cohorts, respectively."])
    assert got == [("median PFS", 9.0, "first-line NSCLC"), ("median PFS", 5.5, "second-line NSCLC")]
    got, _ = _labelled(["The ORRs were 30% and 45% in the chemotherapy and chemotherapy plus drugmab arms, respectively."])
    assert got == [("ORR", 30.0, "chemotherapy"), ("ORR", 45.0, "chemotherapy plus drugmab")]
    got, _ = _labelled(["The DCRs were 70% and 52% for treatment-naive and previously treated patients, respectively."])
    assert got == [("DCR", 70.0, "treatment-naive"), ("DCR", 52.0, "previously treated")]
    got, _ = _labelled(["The ORRs were 25% and 40% in the placebo and drugmab 10 mg groups, respectively."])
    assert got == [("ORR", 25.0, "placebo"), ("ORR", 40.0, "drugmab 10 mg")]


def test_a_subject_arm_needs_a_comparative():
    def run(sentence):
        arms = Arms(labels=["AB", "CD"])
        vals = cohort_values(sentence)
        label_values(sentence, vals, arms)
        return [(v.measure, v.value, v.cohort) for v in vals]

    assert run("CD resulted in a higher ORR (35% vs 20%).") == [("ORR", 35.0, "CD"), ("ORR", 20.0, "AB")]
    assert run("AB was superior in PFS (median 7.0 vs 5.0 months).") == [
        ("median PFS", 7.0, "AB"), ("median PFS", 5.0, "CD")]
    assert run("AB showed activity in both strata, with ORRs of 30% and 22%.") == [("ORR", 30.0, None), ("ORR", 22.0, None)]
    assert run("AB had a DCR of 60% at the first and 48% at the second assessment.") == [
        ("DCR", 60.0, None), ("DCR", 48.0, None)]


def test_the_population_counted_in_the_people_the_paper_names():
    from graph_builder.relate.cohort_labels import cohort_size

    assert cohort_size("Thirty-six women were enrolled between 2019 and 2021.") == 36
    assert cohort_size("We reviewed 212 consecutive adults who started the drug.") == 212
    assert cohort_size("Treatment was given every 3 weeks to all.") is None
