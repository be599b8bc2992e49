MATCH (t:AdverseEventTally)
RETURN t.tallyDrug AS drug, t.eventName AS event, coalesce(t.eventGrade, "") AS grade, t.reports AS reports, t.documents AS documents
ORDER BY drug, event, grade
