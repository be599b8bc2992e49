from graph_builder.recognise.quantities import find_amounts, find_dates, find_grades, parse_frequency
from random_texts import assert_gate_passes_every_match, random_texts


def test_date_ranges_borrow_the_year_and_month():
    ds = find_dates("given from March 3 to June 9, 2016, and again from August 2 to 30, 2017.")
    assert [(d.value, d.role) for d in ds] == [("2016-03-03", "start"), ("2016-06-09", "end"),
                                               ("2017-08-02", "start"), ("2017-08-30", "end")]


def test_date_precision_and_roles():
    ds = find_dates("She began on 14th March 2018; in June 2018 it was paused until October 2, 2019.")
    assert [d.value for d in ds] == ["2018-03-14", "2018-06", "2019-10-02"]
    assert ds[-1].role == "end"


def test_amounts_units_ranges_and_auc():
    am = find_amounts("cisplatin 60–75 mg/m2 d1; carboplatin AUC 6; anlotinib 12 mg/d; 30 mg d1–3/20 mg d4")
    assert [(a.amounts, a.unit) for a in am] == [([60, 75], "mg/m2"), ([6], "AUC"), ([12], "mg"), ([30], "mg"), ([20], "mg")]
    assert am[2].per_day


def test_frequencies():
    assert parse_frequency(" qd") == "daily"
    assert parse_frequency(" bid") == "twice daily"
    assert parse_frequency(" once a day on days 1–21 of a 28-day cycle") == "d1-21 every 4 weeks"
    assert parse_frequency(" twice daily on days 1–14 of every 21-day cycle") == "twice daily d1-14 every 3 weeks"
    assert parse_frequency(" qd d1–14, q3w") == "d1-14 every 3 weeks"
    assert parse_frequency(" on days 1 and 8") == "d1,8"
    assert parse_frequency(" on days 1–3, repeated every 21 days") == "d1-3 every 3 weeks"
    assert parse_frequency(" every 3 weeks") == "every 3 weeks"
    assert parse_frequency(" weekly for 4 weeks") == "weekly"


def test_grades():
    assert [g.value for g in find_grades("grade IV leukopenia, grade 1-2 rash, grade I to II, Grade 3/4, grade ≥3")] == \
        ["4", "1-2", "1-2", "3-4", "≥3"]
    assert [g.value for g in find_grades("grade III anaemia, grade 2-3 diarrhoea, grade II to III, Grade 1/2, grade ≥2")] == \
        ["3", "2-3", "2-3", "1-2", "≥2"]


def test_amounts_with_thousands_separators_and_worded_units():
    am = find_amounts("gemcitabine 1,250 mg/m2 weekly; cisplatin 75 mg/m(2); panitumumab 6 mg per kilogram of body weight; "
                      "paclitaxel 175 mg per square meter of body-surface area; filgrastim 10 mcg/kg")
    assert [(a.amounts, a.unit) for a in am] == [([1250], "mg/m2"), ([75], "mg/m2"), ([6], "mg/kg"), ([175], "mg/m2"),
                                                 ([10], "µg/kg")]
    am = find_amounts("ipilimumab 1 mg per kg body weight; gemcitabine 1000 mg per square metre of body surface area")
    assert [(a.amounts, a.unit) for a in am] == [([1], "mg/kg"), ([1000], "mg/m2")]


def test_day_lists_and_on_off_schedules():
    assert parse_frequency(" on days 1, 8 and 15, every 4 weeks") == "d1,8,15 every 4 weeks"
    assert parse_frequency(" on days 1 and 8 every 3 weeks") == "d1,8 every 3 weeks"
    assert parse_frequency(" on days 1 and 2 of each 14-day cycle") == "d1-2 every 2 weeks"
    assert parse_frequency(" on days 2 and 3, every 3 weeks") == "d2-3 every 3 weeks"
    assert parse_frequency(" on days 2, 3 and 4") == "d2-4"
    assert parse_frequency(" d1-5,8-12") == "d1-5,8-12"
    assert parse_frequency(" daily, 2 weeks on, 1 week off") == "d1-14 every 3 weeks"
    assert parse_frequency(" once daily, 4 weeks on and 2 weeks off") == "d1-28 every 6 weeks"
    assert parse_frequency(" with a 4-weeks on/2-weeks off pattern") == "d1-28 every 6 weeks"
    assert parse_frequency(" on a 3-weeks on/1-week off basis") == "d1-21 every 4 weeks"
    assert parse_frequency(" for 3 weeks followed by 1 week off") == "d1-21 every 4 weeks"


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


def test_a_cycle_code_naming_no_cycle_is_no_crash():
    assert parse_frequency(" q0w") is None
    assert parse_frequency(" q0w, repeated every 3 weeks") == "every 3 weeks"


def test_a_range_s_bare_first_month_takes_the_year_of_its_end():
    from graph_builder.recognise.quantities import find_dates

    got = [(d.value, d.role) for d in find_dates("She was treated between February and June 2016.")]
    assert got == [("2016-02", "start"), ("2016-06", "end")]
    got = [(d.value, d.role) for d in find_dates("Therapy ran from October to January 2021.")]
    assert got == [("2020-10", "start"), ("2021-01", "end")]  # across the new year


def test_has_digit_is_re_digit() -> None:
    """The digit test is re's \\d on any text, asked twice of the same text or of equal texts."""
    import random
    import re

    from graph_builder.recognise.quantities import has_digit

    rng = random.Random(5)
    alphabet = "ab ,.-%" + "0123456789" + "é²٣߂\u0663\uff15"  # superscript two is no \d; Arabic-Indic and fullwidth digits are
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        want = re.search(r"\d", text) is not None
        assert has_digit(text) is want and has_digit(text) is want
        assert has_digit("".join(list(text))) is want  # an equal text that is another object


def _find_amounts_scanning_all(text: str) -> list[tuple[int, int, list[float | int], str, bool]]:
    """find_amounts as it was before the unit gate: AMOUNT_RX over every text with a digit (the reference)."""
    from graph_builder.recognise.quantities import AMOUNT_RX, _num, _unit

    out = []
    for m in AMOUNT_RX.finditer(text):
        if m.group("auc"):
            out.append((m.start(), m.end(), [_num(m.group("auc"))], "AUC", False))
            continue
        vals = [_num(m.group("a"))] + ([_num(m.group("b"))] if m.group("b") else [])
        out.append((m.start(), m.end(), vals, _unit(m.group("u")), bool(m.group("per"))))
    return out


def test_the_unit_gate_changes_no_amount() -> None:
    """find_amounts skips texts where no unit follows a number; on any text it finds what the full scan finds."""
    import re
    import sys

    from graph_builder.recognise.quantities import _may_hold_amount

    space, digit = re.compile(r"\s"), re.compile(r"\d")
    for c in map(chr, range(sys.maxunicode + 1)):  # the gate's character tests are re's \s and \d
        assert c.isspace() is (space.match(c) is not None) and c.isdecimal() is (digit.match(c) is not None)
    pieces = ["1", "25", "3.5", "1,250", " ", "  ", "\t", "\u2003", "\u0663", "-", "–", "~", "/", "g", "mg", "µg", "μg",
              "mcg", "IU", "iu", "mL", "ml", "m2", "/m2", "kg", "/kg", " per ", "AUC", "A", "UC", "=", "of", "d", "day",
              "x", "e", "the ", ".", ",", "(", ")", "²"]
    fixed = ["5 mg", "5mg", "5 g", "5\u2003g", "\u0663 mg", "10 mcg/kg", "2 IU", "3 ml", "AUC 5", "AUC=6", "sing 5 g.",
             "5 grams", "4 m g", "cisplatin 75 mg/m2 d1", "5 - 10 mg", "no dose here", "g", "5", "5 ", " g 5"]
    texts = fixed + list(random_texts(pieces, 20000, seed=11, most=14))
    for text in texts:
        want = _find_amounts_scanning_all(text)
        got = [(a.start, a.end, a.amounts, a.unit, a.per_day) for a in find_amounts(text)]
        assert got == want, text
        if want:
            assert _may_hold_amount(text), text


def test_every_date_holds_a_month_or_a_century() -> None:
    """find_dates scans for single dates only texts _may_hold_date passes: every _DATE_RX match is in one."""
    from graph_builder.recognise.quantities import _DATE_RX, _may_hold_date

    parts = ["Jan", "FEB", "March", "apr.", "May", "june", "JULY", "Aug", "Sept", "ſept", "oct", "Nov.", "December", "1", "14",
             "3rd", "1999", "2021", "2019-05", "2018/3/4", "of ", " ", ", ", "-", "/", "x", "é", "21", "09"]
    assert_gate_passes_every_match(_DATE_RX.search, _may_hold_date, random_texts(parts, 20000, seed=12), at_least=1000)
    assert not _may_hold_date("given 3 times at 15 mg")


def test_texts_the_grade_gate_skips_have_no_grade() -> None:
    """find_grades returns early where _may_hold_grade is False: there the full scan keeps no grade either."""
    from graph_builder.recognise.quantities import GRADE_RX, _may_hold_grade

    def scanned(text: str) -> list[tuple[int, int, object]]:
        out = []
        for m in GRADE_RX.finditer(text):
            raw = m.group(0)
            if raw[0] in "gG" and not raw.lower().startswith("gr") and not re.match(r"G\d", raw):
                continue
            out.append((m.start(), m.end(), m.group("g")))
        return out

    import re

    parts = ["grade", "Grade", "GRADE", "gr.", "Gr", "g", "G", " ", "1", "3", "5", "7", "\u0663", "iv", "II", "v", "-", "/",
             " or ", " to ", "≥", ">=", "<", "x", "ɡ", "progression", "mg"]
    for text in random_texts(parts, 30000, seed=17):
        got = [(s.start, s.end) for s in find_grades(text)]
        assert got == [(a, b) for a, b, _ in scanned(text)], text
        if not _may_hold_grade(text):
            assert scanned(text) == [], text
