MATCH (t:AdverseEventTally {tallyDrug: $drug})
RETURN t.eventName AS event, coalesce(t.eventGrade, "") AS grade, t.reports AS reports, t.documents AS documents
ORDER BY event, grade
