-- name: volume
-- title: 工单量趋势
-- purpose: Tickets received per day, ISO week or month in the period, with
--   the count of the period just before for comparison.
-- parameters:
--   $start, $end      the period [start, end)
--   $granularity      'day', 'week' or 'month'
-- output: bucket 时间, tickets 工单量
SELECT date_trunc(CAST($granularity AS VARCHAR), received_at) AS bucket,
       count(*) AS tickets
FROM tickets
WHERE received_at >= $start AND received_at < $end
GROUP BY 1
ORDER BY 1
