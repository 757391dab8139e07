-- Which procedures lack diagnosis data, and is it unknown (the document wrote the sentinel or
-- left the section out) or none (the document lists no diagnoses)?
SELECT code,
       title,
       CASE WHEN diagnosis_count IS NULL THEN 'unknown' ELSE 'none' END AS diagnoses
FROM procedure_overview
WHERE diagnosis_count IS NULL OR diagnosis_count = 0
ORDER BY code;
