-- name: kind
-- title: 诉求性质
-- purpose: Tickets per kind (投诉, 求助, 咨询, 建议, 举报 …) in the period.
-- parameters:
--   $start, $end  the period
-- output: kind 诉求性质, tickets 工单量, share 占比
SELECT kind, tickets,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (), 0), 4) AS share
FROM (
    SELECT coalesce(kind, '(未知)') AS kind, count(*) AS tickets
    FROM tickets
    WHERE received_at >= $start AND received_at < $end
    GROUP BY 1
) k
ORDER BY tickets DESC, kind
