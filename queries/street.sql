-- name: street
-- title: 街道
-- purpose: Tickets per street (街道/乡镇) within its district in the period.
-- parameters:
--   $start, $end  the period
-- formula: share_in_district = tickets / tickets of the district
-- output: district 区县, street 街道, tickets 工单量, share_in_district 区内占比
SELECT district, street, tickets,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (PARTITION BY district), 0), 4) AS share_in_district
FROM (
    SELECT coalesce(district, '(未知区县)') AS district,
           coalesce(street, '(未知街道)') AS street,
           count(*) AS tickets
    FROM tickets
    WHERE received_at >= $start AND received_at < $end
    GROUP BY 1, 2
) s
ORDER BY district, tickets DESC, street
