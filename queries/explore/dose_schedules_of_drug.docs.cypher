UNWIND $docs AS page_doc
MATCH (x:Dose {docId: page_doc})-[:DOSE_OF]->(:Drug {name: $drug})
OPTIONAL MATCH (p:Patient)-[:HAS_DOSE]->(x)
RETURN x.docId AS doc, p.patientNumber AS patient, x.amount AS amount, x.unit AS unit, coalesce(x.frequency, "") AS frequency
ORDER BY doc, patient, amount, unit, frequency
