-- Which modifiers does each procedure allow, in document order, and how many of them have
-- guidance ("when to use") that is unknown?
SELECT procedure_code,
       group_concat(modifier_code, ', ' ORDER BY position) AS modifiers,
       count(*) AS modifier_count,
       sum(when_to_use IS NULL) AS without_guidance
FROM modifier_usage
GROUP BY procedure_code
ORDER BY procedure_code;
