"""Cohort results grammar on invented abstract sentences."""
import pytest

from graph_builder.relate.cohort import cohort_values, defined_measures


def _vals(text, **kw):
    return [(v.measure, v.value, v.unit) for v in cohort_values(text, **kw)]


def _full(text, **kw):
    return [(v.measure, v.value, v.unit, v.n, v.N) for v in cohort_values(text, **kw)]


def test_coordinated_survival_medians_with_respectively():
    assert _vals("Median overall and progression-free survival reached 15.0 months (95% CI, 12.2-17.9) and "
                 "6.1 months (95% CI, 5.0-7.3), respectively.") == [("median OS", 15.0, "months"), ("median PFS", 6.1, "months")]
    assert _vals("The medians for progression-free and overall survival were 3.9 and 11.0 months, respectively.") == [
        ("median PFS", 3.9, "months"), ("median OS", 11.0, "months")]
    assert _vals("Median time to progression and overall survival amounted to 3.9 and 11.0 months, respectively.") == [
        ("median TTP", 3.9, "months"), ("median OS", 11.0, "months")]


def test_landmark_coordination_is_gated_on_its_tail():
    """A long integer list without a landmark tail ("3-year OS") never reaches _COORD_LANDMARK, whose list,
    retried from each of its numbers, is quadratic in the list's length."""
    from graph_builder.relate.cohort import _coordinated, _landmark_possible

    digits = ", ".join(str(i) for i in range(4000)) + " and 4000 years of survival data"
    assert not _landmark_possible(digits)
    assert _coordinated(digits, {"year", "survival"}) == []
    assert _landmark_possible("The 1-, 3- and 5-year survival rates were 81.2%, 40.5% and 22.0%.")
    assert _landmark_possible("2- and 3-month PFS")


def test_coordinated_landmark_rates():
    assert _vals("The 1-, 2- and 4-year overall survival rates reached 70.3%, 45.0% and 20.9%, respectively.") == [
        ("1-year OS rate", 70.3, "%"), ("2-year OS rate", 45.0, "%"), ("4-year OS rate", 20.9, "%")]
    assert _vals("The 1-, 2- and 4-year survival rates reached 70.3%, 45.0% and 20.9%, respectively.") == [
        ("1-year OS rate", 70.3, "%"), ("2-year OS rate", 45.0, "%"), ("4-year OS rate", 20.9, "%")]
    assert _vals("At 2 years, the survival rate reached 35%.") == [("2-year OS rate", 35.0, "%")]
    assert _vals("In this cohort, the overall survival rate at 2 years reached 35%.") == [("2-year OS rate", 35.0, "%")]
    assert _vals("Overall survival at 2 years was 35% in this cohort.") == [("2-year OS rate", 35.0, "%")]
    assert _vals("The 12-month progression-free survival rate was 18.4%.") == [("12-month PFS rate", 18.4, "%")]
    assert _vals("The proportion alive and progression free at 12 months reached 18.4%.") == [("12-month PFS rate", 18.4, "%")]


def test_coordinated_responses_count_before_each_category():
    assert _full("A complete response occurred in five patients (9.8%) and a partial response in 17 (33.3%).") == [
        ("CR", 9.8, "%", 5, None), ("PR", 33.3, "%", 17, None)]
    assert _full("Five (9.8%) patients had a complete response and 17 (33.3%) a partial response.") == [
        ("CR", 9.8, "%", 5, None), ("PR", 33.3, "%", 17, None)]
    assert _full("We recorded complete and partial responses in five (9.8%) and 17 (33.3%) patients, respectively.") == [
        ("CR", 9.8, "%", 5, None), ("PR", 33.3, "%", 17, None)]
    assert _full("Best responses included 2 complete and 14 partial responses.") == [
        ("CR", 2.0, "patients", 2, None), ("PR", 14.0, "patients", 14, None)]


def test_share_written_before_the_category():
    got = _vals("Of the evaluable patients, 2.1% reached a complete response, 30.0% showed a partial response and "
                "41.3% showed stable disease.")
    assert got == [("CR", 2.1, "%"), ("PR", 30.0, "%"), ("SD", 41.3, "%")]
    got = _vals("Complete responses were recorded in 2.1%, partial responses in 30.0% and stable disease in 41.3% of patients.")
    assert got == [("CR", 2.1, "%"), ("PR", 30.0, "%"), ("SD", 41.3, "%")]
    got = _full("Nine patients (29%) attained an objective response, while disease stabilization was observed in "
                "12 patients (39%).")
    assert got == [("ORR", 29.0, "%", 9, None), ("SD", 39.0, "%", 12, None)]
    got = _full("Twelve patients (39%) achieved disease stabilization and nine patients (29%) obtained an objective response.")
    assert got == [("SD", 39.0, "%", 12, None), ("ORR", 29.0, "%", 9, None)]


def test_strict_categories_need_a_count():
    # "disease progression" as the end of treatment is not a PD share
    assert _vals("Patients were dosed until disease progression; the ORR was 20%.") == [("ORR", 20.0, "%")]


def test_ratio_without_equals_sign_and_ci_in_any_bracket():
    assert _vals("Death occurred less often with the combination (hazard ratio, 0.64; 95% CI, 0.50 to 0.81; P<0.001).") == [
        ("HR", 0.64, None)]
    assert _vals("Shorter OS was associated with bone metastases (HR: 1.85, P = .03).") == [("HR", 1.85, None)]
    assert _vals("Bone metastases (HR: 1.85, P = .03) were linked to shorter OS.") == [("HR", 1.85, None)]
    assert _vals("Arm A was favoured, with a hazard ratio for progression or death of 0.71.") == [("HR", 0.71, None)]
    assert _vals("Median OS reached 9.9 months (95% confidence interval [CI]: 7.7-12.0) in the whole population.") == [
        ("median OS", 9.9, "months")]


def test_denominator_and_middle_dot_decimals():
    got = _full("Tumours shrank; an objective response was obtained in 40 (30·5%, 95% CI 22·1–38·9) of 131 patients "
                "given drug A.")
    assert got == [("ORR", 30.5, "%", 40, 131)]


def test_paper_defined_abbreviation():
    text = "Endpoints included the response rate (RR) and safety. RRs of 31.0% and 12.5% were seen in arms A and B, respectively."
    aliases = defined_measures(text)
    assert aliases == {"RR": "ORR"}
    assert _vals(text.split(". ")[1], aliases=aliases) == [("ORR", 31.0, "%"), ("ORR", 12.5, "%")]
    text = "Efficacy was measured as the response rate (RR). Arm A had an RR of 31.0% and arm B of 12.5%."
    aliases = defined_measures(text)
    assert aliases == {"RR": "ORR"}
    assert _vals(text.split(". ")[1], aliases=aliases) == [("ORR", 31.0, "%"), ("ORR", 12.5, "%")]


def test_safety_summaries():
    assert _vals("Any-grade and grade ≥ 3 adverse events occurred in 71.0% and 19.4% of patients, respectively.") == [
        ("any-grade adverse event incidence", 71.0, "%"), ("grade ≥3 adverse event incidence", 19.4, "%")]
    assert _vals("Adverse events of any grade occurred in 71.0% of patients and grade ≥ 3 events in 19.4%.") == [
        ("any-grade adverse event incidence", 71.0, "%"), ("grade ≥3 adverse event incidence", 19.4, "%")]
    assert _full("Adverse events led to dose reductions in 21 (30.0%) patients.") == [
        ("dose reductions due to adverse events", 30.0, "%", 21, None)]
    assert _full("Dose reductions because of adverse events were required in 21 (30.0%) patients.") == [
        ("dose reductions due to adverse events", 30.0, "%", 21, None)]
    assert _vals("Adverse events resulted in permanent treatment discontinuation in 12%.") == [
        ("treatment discontinuation due to adverse events", 12.0, "%")]
    assert _vals("Permanent treatment discontinuation due to adverse events occurred in 12%.") == [
        ("treatment discontinuation due to adverse events", 12.0, "%")]
    assert _vals("Two treatment-related deaths occurred.") == [("treatment-related death", 2.0, "patients")]
    # a list header is not an incidence
    assert _vals("Neutropenia (12%) and diarrhoea (8%) were the most frequent grade 3-4 adverse events.") == []


def test_design_sentences_and_intervals_give_no_values():
    assert _vals("Efficacy will be assessed as PFS at 6 months.") == []
    assert _vals("PFS at 6 months served as the primary endpoint.") == []
    assert _vals("After 20.1 months (range 4.2-31.0) of median follow-up, median PFS was 6.2 months.") == [
        ("median PFS", 6.2, "months")]
    assert _vals("With a median follow-up of 20.1 months (range, 4.2-31.0), median PFS was 6.2 months.") == [
        ("median PFS", 6.2, "months")]
    assert _vals("An ORR of 45% (95% C.I.: 30%-60%) was recorded.") == [("ORR", 45.0, "%")]


def test_respectively_pairs_the_run_of_measures_before_the_values():
    # the earlier clause's measure is not part of the coordination
    got = _vals("Median PFS was 5 months whereas median OS had not been reached; the 1-, 2- and 4-year OS rates "
                "were 90.1%, 70.2% and 50.3%, respectively.")
    assert got == [("1-year OS rate", 90.1, "%"), ("2-year OS rate", 70.2, "%"), ("4-year OS rate", 50.3, "%"),
                   ("median PFS", 5.0, "months")]
    # a "not reached" median keeps its slot, so the next value goes to the second measure
    assert _vals("Median OS and PFS were not reached (NR) and 20.4 months, respectively.") == [("median PFS", 20.4, "months")]
    assert _vals("Median OS and PFS were not reached and 20.4 months, respectively.") == [("median PFS", 20.4, "months")]


def test_total_of_count_and_schedule_numbers():
    assert _full("Objective responses were obtained in a total of 7 patients (35%).") == [("ORR", 35.0, "%", 7, None)]
    assert _full("In total, 7 patients (35%) achieved an objective response.") == [("ORR", 35.0, "%", 7, None)]
    # "2/1" names a schedule; its numbers are no values
    assert _vals("Median PFS was 9.0 months on schedule 2/1 and 6.5 months on continuous dosing.") == [
        ("median PFS", 9.0, "months"), ("median PFS", 6.5, "months")]
    assert _vals("Median PFS was 9.0 months on the 2/1 schedule and 6.5 months on continuous dosing.") == [
        ("median PFS", 9.0, "months"), ("median PFS", 6.5, "months")]


def test_safety_phrasings_with_bracketed_grade_and_shared_cause():
    assert _vals("Any-grade adverse events (overall incidence) reached 88.0%.") == [
        ("any-grade adverse event incidence", 88.0, "%")]
    assert _vals("Adverse events of any grade had an overall incidence of 88.0%.") == [
        ("any-grade adverse event incidence", 88.0, "%")]
    assert _vals("Grade 4 toxicities (overall incidence 3.3%) were reversible.") == [("grade 4 adverse event incidence", 3.3, "%")]
    assert _full("Seven patients had dose reductions and 4 had treatment interruptions because of toxicity.") == [
        ("dose reductions due to adverse events", 7.0, "patients", 7, None),
        ("treatment interruptions due to adverse events", 4.0, "patients", 4, None)]


def test_bracketed_pair_after_a_long_clause():
    got = _vals("Progression-free survival was significantly longer in the bone-only subgroup than in those with liver "
                "involvement (median 8.1 vs. 3.2 months, p < 0.01).")
    assert got == [("median PFS", 8.1, "months"), ("median PFS", 3.2, "months")]


def test_ratio_phrase_names_its_endpoint_and_landmarks_without_rate():
    assert _vals("The hazard ratio for OS was 0.81 (95% CI 0.66-0.99).") == [("HR", 0.81, None)]
    assert _vals("The HR for death was 0.81 (95% CI 0.66-0.99).") == [("HR", 0.81, None)]
    assert _vals("At 6 months PFS was 41%, and at 2 years OS was 33%.") == [
        ("6-month PFS rate", 41.0, "%"), ("2-year OS rate", 33.0, "%")]
    assert _vals("PFS at 6 months reached 41% and OS at 2 years reached 33%.") == [
        ("6-month PFS rate", 41.0, "%"), ("2-year OS rate", 33.0, "%")]


def test_counts_in_words_before_single_categories():
    assert _full("An ORR of 30% (6/20) was observed, including two complete responses and four partial responses.") == [
        ("ORR", 30.0, "%", 6, 20), ("CR", 2.0, "patients", 2, None), ("PR", 4.0, "patients", 4, None)]
    assert _full("Two complete responses and four partial responses gave an ORR of 30% (6/20).") == [
        ("CR", 2.0, "patients", 2, None), ("PR", 4.0, "patients", 4, None), ("ORR", 30.0, "%", 6, 20)]
    assert _vals("Three patients had a grade 2 PR.") == []


def test_cited_results_are_not_this_studys():
    assert _vals("An earlier study found an ORR of 20% [12].") == []
    assert _vals("Jones et al. observed a median OS of 10.2 months.") == []
    assert _vals("The ORR in our series was 20%.") == [("ORR", 20.0, "%")]


def test_schedules_are_not_values():
    assert _vals("Tumours were assessed every 8 weeks to measure median PFS.") == []
    assert _vals("Median PFS was estimated from CT scans every 8 weeks.") == []


def test_k_of_n_any_grade_of_and_disease_control_shares():
    assert _full("Grade 3/4 AEs occurred in 9 of 45 patients (20.0%).") == [
        ("grade 3-4 adverse event incidence", 20.0, "%", 9, 45)]
    assert _vals("Treatment-related AEs of any grade were reported by 81% of patients.") == [
        ("any-grade adverse event incidence", 81.0, "%")]
    assert _full("Disease control was obtained in 30 patients (60.0%).") == [("DCR", 60.0, "%", 30, None)]


def test_a_value_a_clause_away_is_not_coordinated():
    got = _vals("Grade 3-4 adverse events occurred in 52% of the patients, most of whom were given steroids (50%); "
                "AEs were fatal in 2 patients and led to permanent discontinuation in 20%.")
    assert got == [("grade 3-4 adverse event incidence", 52.0, "%"),
                   ("treatment discontinuation due to adverse events", 20.0, "%")]


def test_dose_changes_without_a_cause_and_fatal_events():
    assert _vals("Dose reductions were needed in 30.2% of patients and dose escalations in 11.6%.") == [
        ("dose reductions", 30.2, "%"), ("dose escalations", 11.6, "%")]
    assert _vals("Dose reduction to 400 mg was allowed.") == []
    assert _full("AEs were fatal in 3 patients.") == [("fatal adverse events", 3.0, "patients", 3, None)]


def test_a_bare_survival_measure_needs_a_copula_or_of_and_a_difference_is_no_median():
    assert _vals("Overall survival lengthened by 2.7 months relative to the prior cohort.") == []
    assert _vals("Progression-free survival was prolonged by 1.9 months with the combination.") == []
    assert _vals("The gain in overall survival of 4.1 months was not significant.") == []
    assert _vals("Time to progression improved by 3.3 months.") == []
    assert _vals("TTP 6.0 months versus 4.0 months in the earlier series.") == []
    assert _vals("Overall survival was 17.5 months in the whole population.") == [("median OS", 17.5, "months")]
    assert _vals("The study reported a PFS of 5.6 months.") == [("median PFS", 5.6, "months")]
    assert _vals("Median PFS and OS were 4.8 and 11.9 months, respectively.") == [
        ("median PFS", 4.8, "months"), ("median OS", 11.9, "months")]
    assert _vals("Median PFS 4.2 months (95% CI 3.0-5.1), OS 10.4 months.") == [
        ("median PFS", 4.2, "months"), ("median OS", 10.4, "months")]
    assert _vals("Arms did not differ in overall survival (15.2 v 14.8 months; P = .52).") == [
        ("median OS", 15.2, "months"), ("median OS", 14.8, "months")]
    assert _vals("Drugmab gave longer TTP (6.1 months vs. 4.2 months, p=0.03).") == [
        ("median TTP", 6.1, "months"), ("median TTP", 4.2, "months")]


def test_only_the_design_clause_is_dropped_and_brackets_after_values_are_intervals():
    assert _vals("The primary end point was met, with a DCR of 62% (95% CI 48-74).") == [("DCR", 62.0, "%")]
    assert _vals("The primary endpoint was met: median PFS reached 7.0 months.") == [("median PFS", 7.0, "months")]
    assert _vals("The primary endpoint, ORR, was 33.3%.") == [("ORR", 33.3, "%")]
    assert _vals("The primary endpoint was the 12-month OS rate.") == []
    assert _vals("The primary objective was ORR; secondary objectives included PFS at 6 months and OS.") == []
    assert _vals("A sample size of 40 patients gave 80% power to detect an ORR of 30%.") == []
    assert _vals("The primary endpoint was the DCR, and 52 patients were needed to exclude a DCR of 20%.") == []
    assert _vals("The primary end point was 6-month PFS; a 6-month PFS rate of 45% was judged promising.") == []
    assert _vals("The primary endpoint was PFS, taking a median PFS of 3 months as the null hypothesis.") == []
    assert _vals("The primary endpoint of 6-month PFS was 40%.") == [("6-month PFS rate", 40.0, "%")]
    assert _vals("Median PFS was 7.3 months [5.9-8.8] in this series.") == [("median PFS", 7.3, "months")]
    assert _vals("The ORR was 41% [29, 54] in the expansion cohort.") == [("ORR", 41.0, "%")]
    assert _vals("A median OS of 9.0 months was seen with this regimen [8].") == []
    assert _vals("A median OS of 9.0 months was seen with this regimen [8, 11].") == []
    assert _vals("With this regimen the ORR was 24% [6].") == []
    assert _vals("An earlier study found an ORR of 15%.") == []


def test_a_run_of_measures_takes_a_run_of_values_in_order_without_respectively():
    assert _vals("The median PFS and OS were 6.3 and 15.8 months.") == [
        ("median PFS", 6.3, "months"), ("median OS", 15.8, "months")]
    assert _vals("ORR and DCR were 28% and 64%; the median PFS was 5.0 months.") == [
        ("ORR", 28.0, "%"), ("DCR", 64.0, "%"), ("median PFS", 5.0, "months")]


@pytest.mark.parametrize("sentence", [
    "Permanent discontinuation of therapy because of toxicity was needed in 9%.",
    "Toxicity forced permanent treatment discontinuation in 9%.",
    "Treatment was permanently discontinued because of adverse events in 9%.",
    "Adverse events caused treatment discontinuation in 9%.",
])
def test_discontinuation_for_adverse_events_in_several_wordings(sentence):
    assert _vals(sentence) == [("treatment discontinuation due to adverse events", 9.0, "%")]


def test_discontinuation_for_another_cause_is_no_safety_summary():
    assert _vals("Treatment discontinuation for progression occurred in 40%.") == []
    assert _vals("The drug was discontinued in 5 patients.") == []


def test_present_needles_are_the_needles_the_text_holds():
    """One automaton pass finds what an ``in`` test per needle finds: overlapping needles, one inside another."""
    import random

    from graph_builder.relate.cohort import _ALL_NEEDLES, _present_needles

    rng = random.Random(19)
    pieces = sorted(_ALL_NEEDLES) + ["x", " ", "-", "é", "progressi", "surviv"]
    for _ in range(2000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _present_needles(low) == {n for n in _ALL_NEEDLES if n in low}, low
