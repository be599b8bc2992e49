"""Cohort results grammar on invented abstract sentences."""

from graph_builder.relate.cohort import cohort_values, defined_measures


def _vals(text, **kw):
    return [(v.measure, v.value, v.unit) for v in cohort_values(text, **kw)]


def _full(text, **kw):
    return [(v.measure, v.value, v.unit, v.n, v.N) for v in cohort_values(text, **kw)]


def test_coordinated_survival_medians_with_respectively():
    assert _vals("Median progression-free and overall survival were 4.4 (95% CI, 3.1-5.0) and 13.2 months "
                 "(95% CI, 10.0-16.4), respectively.") == [("median PFS", 4.4, "months"), ("median OS", 13.2, "months")]


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
    assert _vals("The 1-, 3- and 5-year survival rates were 81.2%, 40.5% and 22.0%, respectively.") == [
        ("1-year OS rate", 81.2, "%"), ("3-year OS rate", 40.5, "%"), ("5-year OS rate", 22.0, "%")]
    assert _vals("At 2 years, the overall survival rate was 35% in this cohort.") == [("2-year OS rate", 35.0, "%")]
    assert _vals("The share of patients alive and progression free at 12 months was 18.4%.") == [("12-month PFS rate", 18.4, "%")]


def test_coordinated_responses_count_before_each_category():
    assert _full("Complete and partial responses were seen in five (9.8%) and 17 (33.3%) patients, respectively.") == [
        ("CR", 9.8, "%", 5, None), ("PR", 33.3, "%", 17, None)]
    assert _full("There were 2 complete and 14 partial responses.") == [
        ("CR", 2.0, "patients", 2, None), ("PR", 14.0, "patients", 14, None)]


def test_share_written_before_the_category():
    got = _vals("Overall, 2.1% achieved a complete response, 30.0% had a partial response and 41.3% had stable disease.")
    assert got == [("CR", 2.1, "%"), ("PR", 30.0, "%"), ("SD", 41.3, "%")]
    got = _full("Nine patients (29%) obtained an objective response, and disease stabilization was achieved in "
                "12 patients (39%).")
    assert got == [("ORR", 29.0, "%", 9, None), ("SD", 39.0, "%", 12, None)]


def test_strict_categories_need_a_count():
    # "disease progression" as the end of treatment is not a PD share
    assert _vals("Treatment continued until disease progression; the ORR was 20%.") == [("ORR", 20.0, "%")]


def test_ratio_without_equals_sign_and_ci_in_any_bracket():
    assert _vals("Survival favoured the combination (hazard ratio, 0.64; 95% CI, 0.50 to 0.81; P<0.001).") == [("HR", 0.64, None)]
    assert _vals("Age over 70 years (HR: 1.85, P = .03) predicted shorter OS.") == [("HR", 1.85, None)]
    assert _vals("The hazard ratio for death or progression, 0.71, favoured arm A.") == [("HR", 0.71, None)]
    assert _vals("The median OS was 9.9 months (95% confidence interval [CI]: 7.7-12.0).") == [("median OS", 9.9, "months")]


def test_denominator_and_middle_dot_decimals():
    got = _full("A response was noted; an objective response was achieved by 40 (30·5%, 95% CI 22·1–38·9) of 131 "
                "patients given drug A.")
    assert got == [("ORR", 30.5, "%", 40, 131)]


def test_paper_defined_abbreviation():
    text = "We analysed the response rate (RR) and toxicity. The RRs were 31.0% and 12.5% in arms A and B, respectively."
    aliases = defined_measures(text)
    assert aliases == {"RR": "ORR"}
    assert _vals(text.split(". ")[1], aliases=aliases) == [("ORR", 31.0, "%"), ("ORR", 12.5, "%")]


def test_safety_summaries():
    assert _vals("The incidences of any-grade and grade ≥ 3 adverse events were 71.0% and 19.4%, respectively.") == [
        ("any-grade adverse event incidence", 71.0, "%"), ("grade ≥3 adverse event incidence", 19.4, "%")]
    assert _full("In total, 21 (30.0%) patients had adverse events that led to dose reductions.") == [
        ("dose reductions due to adverse events", 30.0, "%", 21, None)]
    assert _vals("Toxicity led to permanent treatment discontinuation in 12%.") == [
        ("treatment discontinuation due to adverse events", 12.0, "%")]
    assert _vals("There were two treatment-related deaths.") == [("treatment-related death", 2.0, "patients")]
    # a list header is not an incidence
    assert _vals("The most common grade 3-4 adverse events were anaemia (12%) and fatigue (8%).") == []


def test_design_sentences_and_intervals_give_no_values():
    assert _vals("The primary endpoint was PFS at 6 months.") == []
    assert _vals("At a median follow-up of 20.1 (4.2-31.0) months, the median PFS was 6.2 months.") == [("median PFS", 6.2, "months")]
    assert _vals("The ORR was 45% (95% C.I.: 30%-60%).") == [("ORR", 45.0, "%")]


def test_respectively_pairs_the_run_of_measures_before_the_values():
    # the earlier clause's measure is not part of the coordination
    got = _vals("Median TTP was 8 months while median OS was not reached; the 1-, 2- and 4-year survival rates "
                "were 90.1%, 70.2% and 50.3%, respectively.")
    assert got == [("1-year OS rate", 90.1, "%"), ("2-year OS rate", 70.2, "%"), ("4-year OS rate", 50.3, "%"),
                   ("median TTP", 8.0, "months")]
    # a "not reached" median keeps its slot, so the next value goes to the second measure
    got = _vals("The median PFS and OS were not reached (NR) and 20.4 months, respectively.")
    assert got == [("median OS", 20.4, "months")]


def test_total_of_count_and_schedule_numbers():
    assert _full("A total of 7 patients (35%) obtained an objective response.") == [("ORR", 35.0, "%", 7, None)]
    # "4/2" names a schedule; its 2 is no value
    assert _vals("Median TTP was 9.0 months for schedule 4/2 and 6.5 months for the daily schedule.") == [
        ("median TTP", 9.0, "months"), ("median TTP", 6.5, "months")]


def test_safety_phrasings_with_bracketed_grade_and_shared_cause():
    assert _vals("The overall incidence of adverse events (any grade) was 88.0%.") == [
        ("any-grade adverse event incidence", 88.0, "%")]
    assert _vals("Grade 4 events (total incidence 3.3%) resolved.") == [("grade 4 adverse event incidence", 3.3, "%")]
    assert _full("Six patients had dose reductions and 3 interrupted treatment because of adverse events.") == [
        ("dose reductions due to adverse events", 6.0, "patients", 6, None),
        ("treatment interruptions due to adverse events", 3.0, "patients", 3, None)]


def test_bracketed_pair_after_a_long_clause():
    got = _vals("In the subgroup with bone-only disease the median PFS was significantly longer than in those with "
                "visceral disease (8.1 vs. 3.2 months, p < 0.01).")
    assert got == [("median PFS", 8.1, "months"), ("median PFS", 3.2, "months")]


def test_ratio_phrase_names_its_endpoint_and_landmarks_without_rate():
    assert _vals("HR for OS was 0.81 (95% CI 0.66-0.99).") == [("HR", 0.81, None)]
    assert _vals("PFS at 6 months was 41% and OS at 2 years was 33%.") == [
        ("6-month PFS rate", 41.0, "%"), ("2-year OS rate", 33.0, "%")]
    assert _vals("The 1-year and 3-year OS rates were 77.0% and 40.4%, respectively.") == [
        ("1-year OS rate", 77.0, "%"), ("3-year OS rate", 40.4, "%")]


def test_counts_in_words_before_single_categories():
    assert _full("The ORR was 30% (6/20), including two complete responses and four partial responses.") == [
        ("ORR", 30.0, "%", 6, 20), ("CR", 2.0, "patients", 2, None), ("PR", 4.0, "patients", 4, None)]
    assert _vals("Three patients had grade 2 PR.") == []


def test_cited_results_are_not_this_studys():
    assert _vals("In a previous trial, the ORR was 20% [12].") == []
    assert _vals("Smith et al. reported a median OS of 10.2 months.") == []
    assert _vals("In our cohort the ORR was 20%.") == [("ORR", 20.0, "%")]


def test_schedules_are_not_values():
    assert _vals("Median PFS was assessed every 8 weeks by CT.") == []


def test_k_of_n_any_grade_of_and_disease_control_shares():
    assert _full("Grade 3/4 AEs were observed in 9 of 45 patients (20.0%).") == [
        ("grade 3-4 adverse event incidence", 20.0, "%", 9, 45)]
    assert _vals("Treatment-related AEs of any grade occurred in 81% of patients.") == [
        ("any-grade adverse event incidence", 81.0, "%")]
    assert _full("Disease control was achieved in 30 patients (60.0%).") == [("DCR", 60.0, "%", 30, None)]


def test_a_value_a_clause_away_is_not_coordinated():
    got = _vals("Grade 3-4 adverse events occurred in 52% of the patients, most of whom were given steroids (50%); "
                "AEs were fatal in 2 patients and led to permanent treatment discontinuation in 20%.")
    assert got == [("grade 3-4 adverse event incidence", 52.0, "%"),
                   ("treatment discontinuation due to adverse events", 20.0, "%")]


def test_dose_changes_without_a_cause_and_fatal_events():
    assert _vals("Dose reductions were needed in 30.2% of patients and dose escalations in 11.6%.") == [
        ("dose reductions", 30.2, "%"), ("dose escalations", 11.6, "%")]
    assert _vals("Dose reduction to 400 mg was allowed.") == []
    assert _full("AEs were fatal in 3 patients.") == [("fatal adverse events", 3.0, "patients", 3, None)]
