from graph_builder.recognise.quantities import find_amounts, find_dates, find_grades, parse_frequency


def test_date_ranges_borrow_the_year_and_month():
    ds = find_dates("treated from February 19 to April 1, 2014, then from July 1 to 25, 2015.")
    assert [(d.value, d.role) for d in ds] == [("2014-02-19", "start"), ("2014-04-01", "end"),
                                               ("2015-07-01", "start"), ("2015-07-25", "end")]


def test_date_precision_and_roles():
    ds = find_dates("On 28th November 2017 she started; in July 2017 it was stopped until March 3, 2019.")
    assert [d.value for d in ds] == ["2017-11-28", "2017-07", "2019-03-03"]
    assert ds[-1].role == "end"


def test_amounts_units_ranges_and_auc():
    am = find_amounts("TMZ 150–200 mg/m2 d1-5; carboplatin AUC 5; apatinib 250 mg/d; 40 mg d1–2/50 mg d3")
    assert [(a.amounts, a.unit) for a in am] == [([150, 200], "mg/m2"), ([5], "AUC"), ([250], "mg"), ([40], "mg"), ([50], "mg")]
    assert am[2].per_day


def test_frequencies():
    assert parse_frequency(" qd") == "daily"
    assert parse_frequency(" once daily on days 1–14 of a 21-day cycle") == "d1-14 every 3 weeks"
    assert parse_frequency(" bid d1–14, q3w") == "twice daily d1-14 every 3 weeks"
    assert parse_frequency(" on days 1 and 15") == "d1,15"
    assert parse_frequency(" on days 1–5, repeated every 28 days") == "d1-5 every 4 weeks"
    assert parse_frequency(" every 2 weeks") == "every 2 weeks"
    assert parse_frequency(" weekly for 6 weeks") == "weekly"


def test_grades():
    assert [g.value for g in find_grades("grade IV leukopenia, grade 1-2 rash, grade I to II, Grade 3/4, grade ≥3")] == \
        ["4", "1-2", "1-2", "3-4", "≥3"]


def test_amounts_with_thousands_separators_and_worded_units():
    am = find_amounts("capecitabine 2,500 mg/m2 daily; irinotecan 180 mg/m(2); cetuximab 5 mg per kilogram of body weight; "
                      "pemetrexed 500 mg per square meter of body-surface area; filgrastim 5 mcg/kg")
    assert [(a.amounts, a.unit) for a in am] == [([2500], "mg/m2"), ([180], "mg/m2"), ([5], "mg/kg"), ([500], "mg/m2"),
                                                 ([5], "µg/kg")]


def test_day_lists_and_on_off_schedules():
    assert parse_frequency(" on days 1, 8, and 15 of each 28-day cycle") == "d1,8,15 every 4 weeks"
    assert parse_frequency(" on days 1 and 2 every 2 weeks") == "d1-2 every 2 weeks"
    assert parse_frequency(" on days 1, 2 and 3") == "d1-3"
    assert parse_frequency(" d1-7,15-21") == "d1-7,15-21"
    assert parse_frequency(" once daily, 4 weeks on and 2 weeks off") == "d1-28 every 6 weeks"
    assert parse_frequency(" in a 3-weeks on/1-week off schedule") == "d1-21 every 4 weeks"
    assert parse_frequency(" for 2 weeks followed by 1 week off") == "d1-14 every 3 weeks"


def test_once_per_cycle_reads_as_the_cycle():
    assert parse_frequency(" d1 q3w") == "every 3 weeks"
    assert parse_frequency(" on day 1 of each 14-day cycle") == "every 2 weeks"
    assert parse_frequency(" on day 1, repeated every 21 days") == "d1 every 3 weeks"
    assert parse_frequency(" on days 1 and 8 of a 21-day cycle") == "d1,8 every 3 weeks"


def test_on_off_in_days_and_with_stop_words():
    assert parse_frequency(" daily for three weeks and stopped for one week") == "d1-21 every 4 weeks"
    assert parse_frequency(" once daily for 14 days followed by a 7-day rest") == "d1-14 every 3 weeks"
    assert parse_frequency(" 21 days on, 7 days off") == "d1-21 every 4 weeks"


def test_bare_schedule_fraction_is_no_on_off_pattern():
    assert parse_frequency(" daily on schedule 3/1 weeks") == "d1-21 every 4 weeks"
    assert parse_frequency(" daily on schedule 2/1 on/off") == "d1-14 every 3 weeks"
    assert parse_frequency(" daily, dose-escalation schedule 2/3") == "daily"
