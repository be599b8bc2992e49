from graph_builder.recognise.outcomes import find_responses, find_survival
from random_texts import assert_gate_passes_every_match, random_texts


def _surv(text):
    return [(s.endpoint, s.value, s.unit, s.qualifier) for s in find_survival(text)]


def test_progression_free_time_in_words_is_pfs():
    assert _surv("She has stayed progression free for over 2 years on letrozole.") == [("PFS", 2.0, "years", ">")]
    assert _surv("There was no progression on repeated imaging for 14 months.") == [("PFS", 14.0, "months", "=")]
    assert _surv("She has stayed on sunitinib without evidence of progression for more than 5 years.") == \
        [("PFS", 5.0, "years", ">")]
    assert _surv("On sunitinib she has lived without signs of progression for more than 5 years.") == \
        [("PFS", 5.0, "years", ">")]
    assert _surv("Imaging has shown no tumour progression for more than 5 years on sunitinib.") == \
        [("PFS", 5.0, "years", ">")]


def test_alive_after_diagnosis_is_os():
    # alive at 30 months: survival of at least 30 months (censored), the gold's ">=" (dev02, h09, h11)
    assert _surv("The patient is alive 30 months after diagnosis.") == [("OS", 30.0, "months", ">=")]


def test_progression_free_survival_is_not_read_twice():
    assert _surv("Progression-free survival was 9 months.") == [("PFS", 9.0, "months", "=")]


def test_a_check_after_some_time_is_not_a_pfs():
    assert _surv("No progression was noted after 3 months of therapy.") == []


def test_response_words():
    assert [r.value for r in find_responses("A partial response was seen, then stable disease.")] == ["PR", "SD"]


def test_pathological_complete_response_abbreviation_but_not_pcr_testing():
    assert [r.value for r in find_responses("Resection showed pCR.")] == ["CR"]
    assert find_responses("PCR for EGFR was negative.") == []


def test_suspected_progression_is_no_response():
    assert find_responses("Lesions suspicious for disease progression were resected.") == []
    assert find_responses("Nodes suggestive of disease progression were biopsied.") == []
    assert find_responses("Scans found a liver nodule concerning for disease progression.") == []


def test_qualified_response_words():
    assert [r.value for r in find_responses("PET-CT showed a complete metabolic response.")] == ["CR"]
    assert [r.value for r in find_responses("There was a partial radiological response.")] == ["PR"]


def test_relapse_of_an_infection_is_no_progression():
    assert find_responses("Antiviral prophylaxis kept the relapse of hepatitis C under control during treatment.") == []
    assert find_responses("Recurrence of herpes zoster was treated with valaciclovir.") == []


def test_relapse_of_the_tumour_or_at_a_site_is_progression():
    assert [r.value for r in find_responses("Six months later, recurrence of the adenocarcinoma was found.")] == ["PD"]
    assert [r.value for r in find_responses("Imaging showed relapse in the liver after eight cycles.")] == ["PD"]
    assert [r.value for r in find_responses("A year on, she had recurrence of pleural nodules.")] == ["PD"]


def test_response_criteria_are_no_response():
    assert find_responses("Our criteria for PD were a 20% growth of target lesions or new lesions.") == []
    assert find_responses("Progressive disease was defined as any new lesion or growth by 20%.") == []


def test_a_response_graded_by_named_criteria_is_still_a_response():
    assert [r.value for r in find_responses("According to RECIST criteria, a partial response was achieved.")] == ["PR"]


def test_progression_free_time_after_no_signs_of_progression():
    found = find_survival("She stays on drugmab with no signs of disease progression for more than 4 years.")
    assert [(s.endpoint, s.value, s.unit, s.qualifier) for s in found] == [("PFS", 4.0, "years", ">")]


def test_has_been_alive_for_a_time_is_overall_survival():
    found = find_survival("The man has been alive for 26 months since the diagnosis.")
    assert [(s.endpoint, s.value, s.unit) for s in found] == [("OS", 26.0, "months")]


def test_a_death_dated_from_an_origin_is_overall_survival():
    from graph_builder.recognise.outcomes import find_survival

    got = [(s.endpoint, s.value, s.unit, s.qualifier) for s in find_survival("She died in March, 31 months after the diagnosis.")]
    assert got == [("OS", 31.0, "months", "=")]
    assert find_survival("Died 9 weeks after starting the second line.")[0].value == 9.0
    assert find_survival("He died 4 days later of sepsis.") == []  # dated from nothing stated


def test_alive_after_a_time_is_survival_of_at_least_that_time():
    from graph_builder.recognise.outcomes import find_survival

    assert [(s.value, s.qualifier) for s in find_survival("He is alive 52 months after the diagnosis.")] == [(52.0, ">=")]
    assert [s.qualifier for s in find_survival("She remained alive for more than 3 years.")] == [">"]


def test_os_needles_are_necessary() -> None:
    """Every text the OS endpoint pattern matches in holds one of the words its scan is gated on."""
    from graph_builder.recognise.outcomes import _ENDPOINT_RX, _may_name_os

    os_rx = dict(_ENDPOINT_RX)["OS"]
    parts = ["OS", "os", "overall survival", "Survival", "survived", "was alive", "is ALIVE", "DIED", "Died", "paſſed away",
             "PASSED AWAY", "dİed", " ", "-", "the", "x", "12 months"]
    assert_gate_passes_every_match(os_rx.search, _may_name_os, random_texts(parts, 20000, seed=3, most=6), at_least=1000)
    assert not _may_name_os("Median PFS was 7 months.")


def _responses_scanning_all(text: str) -> list[tuple[int, int, str, str]]:
    """find_responses as it was before the label gates (every pattern whose lower-case words the fold holds): the reference."""
    from graph_builder import fastre
    from graph_builder.recognise import outcomes as o

    old_needles = (("near", "ncr"), ("complete", "cr"), ("disappeared",), ("partial", "pr"), ("stable", "sd"),
                   ("progress", "pd", "drug resistance"),
                   ("new", "recurrence", "increase", "enlarge", "larger", "lesion", "relapse", "regrowth"))
    out, taken = [], []
    low = fastre.fold(text)
    for (cat, strength, rx), needles in zip(o._RESPONSE_RX, old_needles):
        if not any(n in low for n in needles):
            continue
        for m in rx.finditer(text):
            s = m.group(0)
            if len(s) <= 3 and not o._CASE_SENSITIVE.match(s):
                continue
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if len(s) <= 3 and (o._NOT_RESPONSE_AFTER.match(text[m.end():m.end() + 12])
                                or o._NOT_RESPONSE_BEFORE.search(text[max(0, m.start() - 25):m.start()])):
                continue
            before = text[max(0, m.start() - 40):m.start()]
            if o._NEGATED.search(before) or o._HEDGED.search(before):
                continue
            if o._defines(text, m.start(), m.end()):
                continue
            if s.lower().startswith("disease") and o._site_limited(text, m.start()):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), cat, strength))
    return sorted(out)


def test_response_label_gates_change_no_mention() -> None:
    """A pattern skipped for want of its words and labels had no match that counted: same mentions as the full scans."""
    parts = ["CR", "cr", "Cr", "pCR", "PCR", "nCR", "NCR", "PR", "pr", "SD", "sd", "PD", "pd", "pd-1", "PD-L1", "near ",
             "complete response", "partial remission", "stable disease", "disease was stable", "progressive disease",
             "progressed", "new lesions", "tumor recurrence", "lesions completely disappeared", "increase", "presented",
             "no ", "criteria for ", "(", ")", " ", " ", ", ", ". ", "the ", "pulmonary ", "disease ", "ER ", "±", "x"]
    texts = ["A PR was seen; SD after.", "a pCR, not PCR", "increase in CR rate", "nCR and near-CR", "cr pr sd pd"]
    texts += list(random_texts(parts, 20000, seed=7, most=10))
    for text in texts:
        got = sorted((m.start, m.end, m.value, m.strength) for m in find_responses(text))
        assert got == _responses_scanning_all(text), text


def test_survival_endpoint_gate_changes_no_figure() -> None:
    """The endpoint words every PFS, TTP or OS match holds: a text with none of them gets no survival figure."""
    from graph_builder.recognise.outcomes import _ENDPOINT_RX, _may_name_endpoint

    parts = ["PFS", "pfs", "PFS2", "TTP", "ttp", "progression-free survival", "progression free", "without progression",
             "free of disease progression", "time to tumour progression", "OS", "overall survival", "survived", "was alive",
             "died", "passed away", "PROGRESSION", "progreſſion", " ", " of ", " was ", "12 months", "3 years", "x", ", "]
    assert_gate_passes_every_match(lambda text: any(rx.search(text) for _, rx in _ENDPOINT_RX), _may_name_endpoint,
                                   random_texts(parts, 20000, seed=9, most=7), at_least=5000)
    assert not _may_name_endpoint("The tumour shrank after 3 months.")
