"""Standard regimen acronyms list their fixed composition; ambiguous ones and the paper's own definitions do not."""

from graph_builder.recognise.drugs import find_regimens


def _regs(text, defined=None):
    return [(r.name, r.drugs) for r in find_regimens(text, defined or {})]


def test_standard_acronyms_list_their_drugs():
    assert _regs("She had received mFOLFOX6 and later CAPOX.") == [
        ("mFOLFOX6", ["fluorouracil", "leucovorin", "oxaliplatin"]), ("CAPOX", ["capecitabine", "oxaliplatin"])]
    assert _regs("six cycles of R-CHOP") == [
        ("R-CHOP", ["cyclophosphamide", "doxorubicin", "prednisone", "rituximab", "vincristine"])]


def test_ambiguous_acronym_stays_empty_unless_defined():
    assert _regs("the EP regimen") == [("EP", [])]
    assert _regs("the EP regimen", {"EP": ["cisplatin", "etoposide"]}) == [("EP", ["cisplatin", "etoposide"])]


def test_paper_definition_wins_over_the_standard_one():
    assert _regs("then FOLFOX was given", {"FOLFOX": ["fluorouracil", "oxaliplatin"]}) == [
        ("FOLFOX", ["fluorouracil", "oxaliplatin"])]


def test_bare_acronym_is_marked():
    regs = find_regimens("a regimen called XELIRI", {})
    assert [(r.name, r.bare) for r in regs] == [("XELIRI", True)]


def test_regimen_names_are_scanned_from_where_the_first_can_begin():
    """_REGIMEN_NAME scanned from _regimen_name_start to _regimen_name_end finds what a scan of the whole text finds."""
    import random

    from graph_builder.recognise.drugs import _REGIMEN_NAME, _regimen_name_end, _regimen_name_start

    rng = random.Random(13)
    words = ["the", "XELOX", "“FOLFOX”", "'GP'", "regimen", "therapy", "chemotherapy", "protocol", "Ttherapy", "Xregimen",
             "platinum-based", "platinum", "AB/CD", "of", "-", "(", ")", "anti-EP", "EPregimen", "R", "Chemotherapy",
             "therapyX", "regimens", "protocol_", "THERAPY", "FOLFOX therapy-", "x"]
    seps = [" ", "  ", "\t", "\n", "\u00a0", "", "\u2003"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 12)))
        start = _regimen_name_start(text)
        whole = [(m.span(), m.groups()) for m in _REGIMEN_NAME.finditer(text)]
        end = _regimen_name_end(text)
        assert ([] if start < 0 else [(m.span(), m.groups()) for m in _REGIMEN_NAME.finditer(text, start, end)]) == whole, text
        assert start < 0 or all(s >= start for (s, _), _g in whole)
