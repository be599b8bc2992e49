"""A seeded generator of realistic documents, for speed and memory only.

Case reports (one to three patients, dated regimens, doses, responses,
survival, graded adverse events, a drug-target sentence, a cited result)
and cohort abstracts (ORR/DCR/medians, a "respectively" list, an
adverse-event table as tab-separated lines), with varied phrasing drawn
from small phrase pools.  Never an accuracy measure: the texts are
templated.  The same ``seed`` gives the same corpus, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

DRUGS = [("apatinib", "VEGFR-2", 500, "mg", "once daily"), ("anlotinib", "VEGFR-2", 12, "mg", "once daily on days 1-14 of a 21-day cycle"),
         ("lenvatinib", "VEGFR-2", 8, "mg", "daily"), ("axitinib", "VEGFR-1, 2, 3", 5, "mg", "twice daily"),
         ("pyrotinib", "HER2", 400, "mg", "qd"), ("osimertinib", "EGFR", 80, "mg", "once daily"),
         ("regorafenib", "TIE2", 160, "mg", "daily on days 1-21 every 4 weeks"), ("sunitinib", "KIT", 50, "mg", "daily"),
         ("fruquintinib", "VEGFR-3", 5, "mg", "once daily"), ("surufatinib", "CSF1R", 300, "mg", "daily")]
CHEMO = [("paclitaxel", 175, "mg/m2", "every 3 weeks"), ("cisplatin", 75, "mg/m2", "on day 1 every 3 weeks"),
         ("gemcitabine", 1000, "mg/m2", "on days 1 and 8"), ("docetaxel", 75, "mg/m2", "q3w"),
         ("capecitabine", 1000, "mg/m2", "bid d1-14"), ("oxaliplatin", 130, "mg/m2", "d1 q3w"),
         ("temozolomide", 150, "mg/m2", "on days 1-5 every 28 days"), ("irinotecan", 180, "mg/m2", "every 2 weeks")]
DISEASES = ["hepatocellular carcinoma", "gastric cancer", "non-small cell lung cancer", "renal cell carcinoma",
            "colorectal cancer", "breast cancer", "soft tissue sarcoma", "esophageal squamous cell carcinoma",
            "glioblastoma", "cervical adenocarcinoma"]
AES = ["hypertension", "proteinuria", "hand-foot skin reaction", "diarrhea", "fatigue", "stomatitis", "leukopenia",
       "thrombocytopenia", "anorexia", "vomiting"]
RESP = [("partial response", "PR"), ("stable disease", "SD"), ("complete response", "CR")]
MONTHS = "January February March April May June July August September October November December".split()
START = ["{d} was started on {date}", "On {date}, the patient began {d}", "From {date}, {d} was administered",
         "The patient received {d} from {date}", "{d} therapy was initiated on {date}"]
RESPONSE = ["The best response was {r}.", "CT after two cycles showed {r}.", "The therapeutic evaluation indicated {r} ({a}).",
            "Imaging revealed {r}."]
PROG = ["In {date}, CT showed progressive disease, with a PFS of {v} months.",
        "Disease progression was detected on {date}, giving a progression-free survival of {v} months.",
        "New lesions were found on {date} (PD); the PFS was {v} months."]


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"


def _case(rng: random.Random, i: int) -> str:
    n = rng.choice([1, 1, 1, 2, 2, 3])
    dx = rng.choice(DISEASES)
    drug, target, dose, unit, sched = rng.choice(DRUGS)
    parts = [f"Illustrative generated case report {i}: {drug} in {dx}", "", "Abstract",
             f"We report {'a patient' if n == 1 else f'{n} patients'} with advanced {dx} treated with {drug}.", "",
             "Introduction", f"{drug.capitalize()} is an oral tyrosine kinase inhibitor that selectively inhibits {target}. "
             f"Smith et al. reported a median PFS of {rng.randint(3, 9)}.{rng.randint(0, 9)} months with {drug} [3].", "",
             "Case presentation", ""]
    for p in range(1, n + 1):
        year = rng.randint(2015, 2021)
        chemo = rng.sample(CHEMO, 2)
        age, sex = rng.randint(35, 84), rng.choice(["man", "woman"])
        label = f"Case {p}" if n > 1 else None
        if label:
            parts.append(label)
        body = [f"A {age}-year-old {sex} was diagnosed with {dx} in {rng.choice(MONTHS)} {year - 1}."]
        body.append(f"First-line chemotherapy with {chemo[0][0]} {chemo[0][1]} {chemo[0][2]} {chemo[0][3]} plus "
                    f"{chemo[1][0]} {chemo[1][1]} {chemo[1][2]} {chemo[1][3]} was given from {_date(rng, year)} to {_date(rng, year)}.")
        r1 = rng.choice(RESP)
        body.append(rng.choice(RESPONSE).format(r=r1[0], a=r1[1]))
        body.append(rng.choice(PROG).format(date=_date(rng, year + 1), v=rng.randint(3, 14)))
        if rng.random() < 0.3:
            body.append("Bevacizumab was recommended, but the patient refused it.")
        body.append(rng.choice(START).format(d=f"{drug} {dose} {unit} {sched}", date=_date(rng, year + 1)).capitalize() + ".")
        g = rng.randint(1, 3)
        body.append(f"Grade {g} {rng.choice(AES)} and grade {rng.randint(1, 2)} {rng.choice(AES)} occurred, "
                    f"and the dose was reduced to {dose // 2} {unit} daily.")
        r2 = rng.choice(RESP)
        body.append(rng.choice(RESPONSE).format(r=r2[0], a=r2[1]))
        body.append(f"Progression-free survival on this line lasted {'more than ' if rng.random() < 0.3 else ''}"
                    f"{rng.randint(4, 20)} months on {drug}; no grade 4 adverse events were observed.")
        parts += [" ".join(body), ""]
    parts += ["Discussion", f"Our {'case suggests' if n == 1 else 'cases suggest'} that {drug} is active in {dx}. "
              f"Previous studies reported an ORR of {rng.randint(10, 40)}% for similar agents [5].", "",
              "References", f"1. Author A, Author B. A study of {drug}. J Oncol. {rng.randint(2010, 2022)};1:1-10."]
    return "\n".join(parts) + "\n"


def _cohort(rng: random.Random, i: int) -> str:
    drug, target, dose, unit, sched = rng.choice(DRUGS)
    dx = rng.choice(DISEASES)
    N = rng.randint(30, 200)
    orr, dcr = rng.randint(8, 45), rng.randint(50, 92)
    n_or = round(N * orr / 100)
    mpfs, mos = rng.randint(30, 120) / 10, rng.randint(80, 260) / 10
    aes = rng.sample(AES, 4)
    rows = [f"{a.capitalize()}\t{(k := rng.randint(5, N // 2))} ({100 * k / N:.1f})\t{(m := rng.randint(0, 6))} ({100 * m / N:.1f})"
            for a in aes]
    return "\n".join([
        f"Illustrative generated cohort {i}: {drug} in advanced {dx}", "", "Abstract", "",
        "Background", f"{drug.capitalize()} inhibits {target}. This study evaluated its efficacy in {dx}.", "",
        "Methods", f"{N} patients with advanced {dx} received {drug} {dose} {unit} {sched} until progression.", "",
        "Results", f"The objective response rate was {100 * n_or / N:.1f}% ({n_or}/{N}) and the disease control rate was {dcr}%. "
        f"The median PFS and median OS were {mpfs} months (95% CI, {mpfs - 1:.1f}-{mpfs + 1:.1f}) and {mos} months, respectively. "
        f"The most common adverse events were {aes[0]} ({rng.randint(20, 60)}%), {aes[1]} ({rng.randint(10, 40)}%) and "
        f"{aes[2]} ({rng.randint(5, 30)}%).", "",
        f"Table 1. Adverse events of {drug}", "", "Adverse event\tAny grade, n (%)\tGrade ≥3, n (%)", *rows, "",
        "Conclusions", f"{drug.capitalize()} showed activity in {dx}.", ""])


def documents(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for ``n`` generated documents; about one in three is a cohort abstract."""
    rng = random.Random(seed)
    for i in range(n):
        yield f"gen{seed}_{i:07d}", (_cohort(rng, i) if rng.random() < 0.33 else _case(rng, i))


def write_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """Write the corpus into ``folder`` (sharded into sub-folders of 1,000 files)."""
    for name, text in documents(n, seed):
        shard = folder / name[-7:-3]
        shard.mkdir(parents=True, exist_ok=True)
        (shard / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def write_pubmed_set(path: Path, n: int, seed: int = 7) -> Path:
    """A PubMed search export of ``n`` generated records (gzip when the name ends in .gz), written record by record."""
    import gzip
    from xml.sax.saxutils import escape

    rng = random.Random(seed)
    opener = gzip.open if path.suffix == ".gz" else open
    path.parent.mkdir(parents=True, exist_ok=True)
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0"?>\n<PubmedArticleSet>\n')
        for i in range(n):
            drug, _, amount, unit, freq = rng.choice(DRUGS)
            text = (f"A {rng.randint(30, 85)}-year-old patient with {rng.choice(DISEASES)} received {drug} {amount} {unit} "
                    f"{freq}. {rng.choice(RESPONSE).format(r=rng.choice(RESP)[0], a='RECIST')} "
                    f"Grade {rng.randint(1, 3)} {rng.choice(AES)} occurred.")
            fh.write(f'<PubmedArticle><MedlineCitation><PMID Version="1">{50_000_000 + i}</PMID><Article>'
                     f"<ArticleTitle>Generated case {i}.</ArticleTitle><Abstract><AbstractText>{escape(text)}"
                     f"</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n")
        fh.write("</PubmedArticleSet>\n")
    return path
