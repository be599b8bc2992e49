"""Adverse-event grammar: lists, frequencies before and after, grades around the list, generic names."""

from collections.abc import Iterator

from graph_builder.recognise.adverse import find_adverse_events
from random_texts import assert_gate_passes_every_match, slot_texts


def _got(text):
    return [(a.term, a.grade, a.n, a.percent) for a in find_adverse_events(text)]


def test_frequency_after_in_patients_and_share_of_patients():
    got = _got("Grade 3 anaemia was seen in three patients (6.5%), and thrombocytopenia occurred in 12.5% of patients.")
    assert got == [("anemia", "3", 3, 6.5), ("platelet count decreased", None, None, 12.5)]


def test_frequency_before_the_event():
    got = _got("Two (4.2%) patients developed colitis and one (2.1%) pancreatitis.")
    assert got == [("colitis", None, 2, 4.2), ("pancreatitis", None, 1, 2.1)]
    assert _got("Three patients (5%) experienced uveitis.") == [("uveitis", None, 3, 5.0)]


def test_abbreviation_between_event_and_share_is_one_event():
    got = _got("Frequent events were mucositis (40%) and hand-foot skin reaction (HFSR) (22%).")
    assert got == [("mucositis", None, None, 40.0), ("palmar-plantar erythrodysesthesia syndrome", None, None, 22.0)]


def test_category_grade_carries_to_its_list():
    got = _got("Grade ≥3 toxicities were uncommon, namely nausea in two patients (3%) and leukopenia in one patient (1.5%).")
    assert got == [("nausea", "≥3", 2, 3.0), ("white blood cell decreased", "≥3", 1, 1.5)]
    # an any-grade list after a semicolon keeps no grade
    assert _got("Grade 3 toxicities were rare; any-grade events included rash (30%).") == [("rash", None, None, 30.0)]


def test_grade_after_the_event_is_not_the_next_events():
    got = _got("On day 10 she was admitted with anemia grade 3 and febrile neutropenia.")
    assert got == [("anemia", "3", None, None), ("febrile neutropenia", None, None, None)]
    assert _got("MRI showed colitis (grade 2).") == [("colitis", "2", None, None)]


def test_two_grades_with_respectively_split():
    got = _got("Across the cohort, grade 1 and 2 nausea was seen in 25 and 10% of cases, respectively.")
    assert ("nausea", "1", None, 25.0) in got and ("nausea", "2", None, 10.0) in got
    assert len([g for g in got if g[0] == "nausea"]) == 2


def test_generic_words_keep_their_wording():
    terms = [a.term for a in find_adverse_events(
        "She had a rash, peripheral neuropathy, neuropathy, renal toxicity, dermatological toxicity and bleeding.")]
    assert terms == ["rash", "peripheral neuropathy", "neuropathy", "renal toxicity", "dermatologic toxicity", "bleeding"]
    # specific wordings still map to the CTCAE term
    assert [a.term for a in find_adverse_events("maculopapular rash and thrombocytopenia")] == [
        "rash maculo-papular", "platelet count decreased"]


def test_group_links_wordings_of_one_event():
    a, b = find_adverse_events("renal toxicity, later called nephrotoxicity")
    assert a.group == b.group == "nephrotoxicity"


def test_immune_related_vocabulary():
    terms = [a.term for a in find_adverse_events(
        "He developed anterior uveitis, parotitis, vitiligo and a sarcoid-like granulomatous reaction.")]
    assert terms == ["uveitis", "parotitis", "vitiligo", "sarcoidal granulomatous reaction"]


def test_grade_after_the_list_and_or_higher():
    assert _got("Toxicities were vomiting and alopecia, all grade 1-2.") == [("vomiting", "1-2", None, None),
                                                                              ("alopecia", "1-2", None, None)]
    assert _got("grade 3 or higher hypokalemia (4%)") == [("hypokalemia", "≥3", None, 4.0)]


def test_count_and_share_without_brackets_around_the_count():
    assert _got("Adverse events: pruritus 7 (14%), constipation 3 (6%).") == [("pruritus", None, 7, 14.0),
                                                                              ("constipation", None, 3, 6.0)]


def test_document_defined_short_form_of_an_event():
    from graph_builder.recognise.adverse import document_ae_abbreviations

    doc = "Checkpoint inhibitors can cause immune-related hepatitis (IRH). Her IRH resolved. The dose (DL) was 2 mg."
    abbr = document_ae_abbreviations(doc)
    assert set(abbr) == {"IRH"}
    assert [a.term for a in find_adverse_events("Her IRH resolved on steroids.", abbr)] == ["hepatitis"]
    assert find_adverse_events("Her IRH resolved on steroids.") == []


def test_more_frequency_shapes():
    assert _got("Anaemia (grade 2) occurred in 6 patients.") == [("anemia", "2", 6, None)]
    assert _got("Toxicities included mucositis (grade 3, 11%) and anemia (grade 2; 4%).") == [
        ("mucositis", "3", None, 11.0), ("anemia", "2", None, 4.0)]
    assert _got("Leukopenia in 41.5% and thrombocytopenia in 12%.") == [
        ("white blood cell decreased", None, None, 41.5), ("platelet count decreased", None, None, 12.0)]
    assert _got("Fatigue was the most common toxicity (52.4%).") == [("fatigue", None, None, 52.4)]
    assert _got("Grade 3 or 4 nausea occurred in 3/31 patients (9.7%).") == [("nausea", "3-4", 3, 9.7)]


def test_colon_list_keeps_its_grade_across_semicolons():
    assert _got("Grade 3 toxicities were: anorexia, 4 (8%); vomiting, 2 (4%).") == [
        ("anorexia", "3", 4, 8.0), ("vomiting", "3", 2, 4.0)]


def test_plural_of_count_nouns_only():
    terms = [a.term for a in find_adverse_events("Headaches, infusion reactions and seizures were seen; no fatigues.")]
    assert terms == ["headache", "infusion related reaction", "seizure"]


def test_share_after_a_comma_or_colon():
    assert _got("AEs were cough, 20%; pruritus: 8.5% and edema 3%.") == [
        ("cough", None, None, 20.0), ("pruritus", None, None, 8.5), ("edema", None, None, 3.0)]
    assert _got("In patients with proteinuria, 35% achieved a response.") == [("proteinuria", None, None, None)]


def test_list_with_respective_values():
    assert _got("Grade 3 anorexia and vomiting occurred in 4 and 2 patients, respectively.") == [
        ("anorexia", "3", 4, None), ("vomiting", "3", 2, None)]
    assert _got("Cough, edema and myalgia were seen in 21%, 12% and 7% of patients, respectively.") == [
        ("cough", None, None, 21.0), ("edema", None, None, 12.0), ("myalgia", None, None, 7.0)]
    # values that do not pair one to one are left alone
    assert _got("Cough and edema were seen in 21%, 12% and 7% of patients, respectively.") == [
        ("cough", None, None, None), ("edema", None, None, None)]


def test_count_before_a_graded_event_and_count_of_total():
    assert _got("Three patients (7%) had grade 3 colitis.") == [("colitis", "3", 3, 7.0)]
    assert _got("cough 6/30 (20%), myalgia 3/30 (10%)") == [("cough", None, 6, 20.0), ("myalgia", None, 3, 10.0)]


def test_bracketed_scale_or_non_initial_acronym_is_not_an_event_alias():
    from graph_builder.recognise.adverse import document_ae_abbreviations

    doc = ("Her pain (VAS) fell to 2 and her fatigue (ECOG) improved. Lower-limb oedema (LLO) was noted; "
           "nausea (PQ) eased. Later VAS and ECOG scores were stable.")
    abbr = document_ae_abbreviations(doc)
    assert set(abbr) == {"LLO"}
    assert find_adverse_events("Later VAS and ECOG scores were stable.", abbr) == []
    # plural short form still spells the initials
    assert set(document_ae_abbreviations("He had drug-induced liver injury (DILIs) twice.")) == {"DILI"}


def test_category_grade_stops_at_a_new_clause():
    got = _got("Grade 3 or 4 toxicities were rare, and the commonest complaints overall were cough (35%) and rash (18%).")
    assert got == [("cough", None, None, 35.0), ("rash", None, None, 18.0)]
    got = _got("Two patients had grade 3 adverse events, while myalgia (40%) and edema (12%) stayed mild.")
    assert got == [("myalgia", None, None, 40.0), ("edema", None, None, 12.0)]
    # a list joined by ", and" keeps the grade
    got = _got("Grade 4 toxicities comprised sepsis (2%), anemia (1%), and fever (1%).")
    assert [g[1] for g in got] == ["4", "4", "4"]


def test_trailing_all_grade_stays_in_its_clause():
    got = _got("Hypokalemia needed oral potassium; later myalgia and cough were seen, all grade 2.")
    assert got == [("hypokalemia", None, None, None), ("myalgia", "2", None, None), ("cough", "2", None, None)]
    got = _got("Edema improved with diuretics, and pruritus (8%) and rash (5%), each of grade 1, appeared.")
    assert [(g[0], g[1]) for g in got] == [("edema", None), ("pruritus", "1"), ("rash", "1")]


def test_sarcoid_wordings_are_one_event_and_vague_effects_are_none():
    terms = [a.term for a in find_adverse_events("A sarcoid reaction of the lymph nodes, later called drug-induced sarcoidosis.")]
    assert terms == ["sarcoidal granulomatous reaction", "sarcoidal granulomatous reaction"]
    assert [a.term for a in find_adverse_events("Gastrointestinal effects were the main complaints.")] == []


def test_category_grade_goes_on_when_the_category_stays_the_subject():
    got = _got("Grade 3 adverse events were rare but included anemia (4%) and sepsis (2%).")
    assert [g[1] for g in got] == ["3", "3"]
    got = _got("Grade 3 adverse events were rare, and the events recorded most were anemia (4%) and sepsis (2%).")
    assert [g[1] for g in got] == [None, None]


def test_all_grade_after_a_list_with_its_counts_or_shares():
    assert _got("Mucositis appeared in 14 patients (21.9%), all grade 1 or 2.") == [("mucositis", "1-2", 14, 21.9)]
    got = _got("Alopecia, nausea and constipation were noted in 41%, 30% and 12% of patients, respectively, all grade 1-2.")
    assert got == [("alopecia", "1-2", None, 41.0), ("nausea", "1-2", None, 30.0), ("constipation", "1-2", None, 12.0)]
    # the grade of a later clause stays there: the list's events before a new clause are not graded by it
    assert _got("Nausea occurred in 30%; vomiting was seen in 5 patients, all grade 1.")[0] == ("nausea", None, None, 30.0)


def test_a_category_graded_after_its_name_grades_the_list_it_introduces():
    got = _got("Adverse events of grade 3 or worse affected 19 patients (30%), the most frequent being anemia (11%) "
               "and neutropenia (8%).")
    assert [(t, g, p) for t, g, _, p in got] == [("anemia", "≥3", 11.0), ("neutrophil count decreased", "≥3", 8.0)]
    # a new subject after the category ends its list
    got = _got("Grade 3 toxicities occurred in 6 patients; the most common adverse events overall were nausea (35%) and rash (19%).")
    assert [g for _, g, _, _ in got] == [None, None]


def test_frequencies_told_by_other_verbs_or_with_the_verb_left_out():
    assert _got("Diarrhoea affected 23.5% of the cohort.")[0][3] == 23.5
    assert _got("Rash afflicted 9 patients (14%).") == [("rash", None, 9, 14.0)]
    got = _got("Anaemia of grade 3 occurred in 8 patients (12%), and thrombocytopenia in 3 (4.5%).")
    assert got == [("anemia", "3", 8, 12.0), ("platelet count decreased", None, 3, 4.5)]


def test_a_count_before_an_event_holds_a_percent_sign() -> None:
    """find_adverse_events asks _FREQ_BEFORE only of text with a "%": every match of it holds one."""
    import random

    from graph_builder.recognise.adverse import _FREQ_BEFORE

    rng = random.Random(2)
    forms = [["three", "12", "4"], [" ", ""], ["(", "( "], ["9", "4.5"], ["%", " %", "", "pc"], [")", " )"], [" ", ""],
             ["patients ", "cases ", "of them ", ""], ["had ", "developed ", "suffered from ", ""], ["grade 3 ", "G2-3 ", ""]]

    def texts() -> Iterator[str]:
        for _ in range(20000):
            text = "".join(rng.choice(f) for f in forms)
            if rng.random() < 0.3:  # the second form: "N patients (P%) had"
                text = f"{rng.choice(['2', 'two'])} patients ({rng.choice(['5', '5%', '5 %'])}) {rng.choice(['had ', 'reported '])}"
            yield text

    assert_gate_passes_every_match(_FREQ_BEFORE.search, lambda text: "%" in text, texts(), at_least=2000)


def test_all_and_grade_shares_start_with_a_bracket_and_hold_a_percent_sign() -> None:
    from graph_builder.recognise.adverse import _ALL_AND_GRADE

    forms = [[" ", "", "\u2003", "x"], ["(", ""], ["all", "all grades", "any grade", "ALL"], [",", ":", ""], [" ", ""],
             ["85.9", "12"], ["%", " %", ""], ["; ", ";"], ["grade ", "Grade"], ["3", "3-4", "≥3"], [", ", ""], ["16.7"],
             ["%", ""], [")", ""]]
    assert_gate_passes_every_match(_ALL_AND_GRADE.match, lambda text: "%" in text and text.lstrip().startswith("("),
                                   slot_texts(forms, 20000, seed=8), at_least=1000)


def test_every_count_after_an_event_holds_a_number() -> None:
    """_attach_frequencies asks _FREQ_AFTER only of text _may_count passes: every match of it is in one."""
    import random

    from graph_builder.recognise.adverse import _FREQ_AFTER, _may_count

    rng = random.Random(15)
    parts = [" ", "(", ")", "%", "12", "4.5", "\u0663", "n=", "n = ", "grade 3", "(grade 1-2)", "(HFS)", " in ", " in only ",
             "was observed in ", "were reported in ", "three", "Twelve", "ONE", "patients", " patients", "cases", ", ", "; ",
             "/", "affected ", " were the most common", "all grades", "(all ", "of the ", "x", "/20 "]
    shapes = [" ({n}%)", " (n={n})", " (grade 3, {n}%)", ", {n} ({n}%)", ", {n}%;", " (all grades {n}%",
              " were the most common ({n}%)", " was observed in {w} patients", " in {n}% of patients", " affected {w} patients",
              " affected {n}%", " in {n} ({n}%)", " occurred in only {w} cases ({n}%)"]

    def texts() -> Iterator[str]:
        for _ in range(30000):
            if rng.random() < 0.5:
                yield "".join(rng.choice(parts) for _ in range(rng.randrange(1, 9)))
            else:
                yield rng.choice(["", "(HFS) ", "(grade 1-2) ", "of grade 3 ", "grade ≥3 "]) + rng.choice(shapes).format(
                    n=rng.choice(["3", "12", "4.5", "٣"]), w=rng.choice(["three", "Twelve", "ONE", "7", "twılve"]))

    assert_gate_passes_every_match(_FREQ_AFTER.match, _may_count, texts(), at_least=2000)
    assert not _may_count(" and nausea were frequent")


