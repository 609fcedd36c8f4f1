-- name: category_l2
-- title: 二级分类
-- purpose: Tickets per second-level category in the period, share within
--   its first-level category and of all tickets, with 环比 and 同比.
-- parameters:
--   $start, $end            the period
--   $prev_start, $prev_end  the period before (环比 base)
--   $yoy_start, $yoy_end    the same period a year before (同比 base)
-- formula:
--   share_in_l1 = tickets / tickets of the first-level category
--   share       = tickets / all tickets of the period
--   mom_change, yoy_change as in category_l1
-- output: category_l1 一级分类, category_l2 二级分类, tickets 工单量, share_in_l1 类内占比, share 占比, prev_tickets 上期, mom_change 环比, yoy_tickets 去年同期, yoy_change 同比
WITH counts AS (
    SELECT coalesce(category_l1, '(未分类)') AS category_l1,
           coalesce(category_l2, '(未分类)') AS category_l2,
           sum(CASE WHEN received_at >= $start AND received_at < $end THEN 1 ELSE 0 END) AS tickets,
           sum(CASE WHEN received_at >= $prev_start AND received_at < $prev_end THEN 1 ELSE 0 END) AS prev_tickets,
           sum(CASE WHEN received_at >= $yoy_start AND received_at < $yoy_end THEN 1 ELSE 0 END) AS yoy_tickets
    FROM tickets
    WHERE (received_at >= $prev_start AND received_at < $end)
       OR (received_at >= $yoy_start AND received_at < $yoy_end)
    GROUP BY 1, 2
)
SELECT category_l1, category_l2, tickets,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (PARTITION BY category_l1), 0), 4) AS share_in_l1,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (), 0), 4) AS share,
       prev_tickets,
       round(CAST(tickets - prev_tickets AS DOUBLE) / nullif(prev_tickets, 0), 4) AS mom_change,
       yoy_tickets,
       round(CAST(tickets - yoy_tickets AS DOUBLE) / nullif(yoy_tickets, 0), 4) AS yoy_change
FROM counts
WHERE tickets > 0 OR prev_tickets > 0
ORDER BY category_l1, tickets DESC, category_l2
