from graph_builder.read.textview import TextView
from graph_builder.recognise import annotate
from graph_builder.relate.diagnosis import diagnosis, disease_phrase
from graph_builder.segment import segment


def _phrase(text, head, name=None):
    i = text.index(head)
    return disease_phrase(text, i, i + len(head), name or head)


def test_modifiers_before_the_disease_are_kept():
    assert _phrase("He had stage IIIB EGFR L858R mutant lung adenocarcinoma.", "lung adenocarcinoma") == \
        "stage IIIB EGFR L858R mutant lung adenocarcinoma"
    assert _phrase("She has locally advanced HER2-positive breast cancer.", "breast cancer") == \
        "locally advanced HER2-positive breast cancer"


def test_other_words_before_the_disease_stop_the_phrase():
    assert _phrase("A 61-year-old man with melanoma.", "melanoma") == "melanoma"
    assert _phrase("She had right breast cancer.", "breast cancer") == "breast cancer"


def test_an_abbreviation_is_written_out():
    assert _phrase("A man with metastatic HCC.", "HCC", "hepatocellular carcinoma") == "metastatic hepatocellular carcinoma"


def _diag(text):
    seg = segment("d", TextView.identity(text))
    anns, _ = annotate(seg)
    return diagnosis([a for a in anns if a.sent.patient == 1])[0]


def test_the_patients_disease_not_a_relatives_nor_a_populations():
    text = ("Patients with metastatic breast cancer often relapse. His brother had colon cancer. "
            "A 66-year-old man was diagnosed with stage IV gastric cancer. He received oxaliplatin.")
    assert _diag(text) == "stage IV gastric cancer"
