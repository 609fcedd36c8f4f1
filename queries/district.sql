-- name: district
-- title: 区县
-- purpose: Tickets per district in the period, share, and 环比/同比.
-- parameters:
--   $start, $end            the period
--   $prev_start, $prev_end  the period before (环比 base)
--   $yoy_start, $yoy_end    the same period a year before (同比 base)
-- formula: share, mom_change, yoy_change as in category_l1
-- output: district 区县, tickets 工单量, share 占比, prev_tickets 上期, mom_change 环比, yoy_tickets 去年同期, yoy_change 同比
WITH counts AS (
    SELECT coalesce(district, '(未知区县)') AS district,
           sum(CASE WHEN received_at >= $start AND received_at < $end THEN 1 ELSE 0 END) AS tickets,
           sum(CASE WHEN received_at >= $prev_start AND received_at < $prev_end THEN 1 ELSE 0 END) AS prev_tickets,
           sum(CASE WHEN received_at >= $yoy_start AND received_at < $yoy_end THEN 1 ELSE 0 END) AS yoy_tickets
    FROM tickets
    WHERE (received_at >= $prev_start AND received_at < $end)
       OR (received_at >= $yoy_start AND received_at < $yoy_end)
    GROUP BY 1
)
SELECT district, tickets,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (), 0), 4) AS share,
       prev_tickets,
       round(CAST(tickets - prev_tickets AS DOUBLE) / nullif(prev_tickets, 0), 4) AS mom_change,
       yoy_tickets,
       round(CAST(tickets - yoy_tickets AS DOUBLE) / nullif(yoy_tickets, 0), 4) AS yoy_change
FROM counts
WHERE tickets > 0 OR prev_tickets > 0
ORDER BY tickets DESC, district
