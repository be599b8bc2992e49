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
