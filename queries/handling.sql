-- name: handling
-- title: 部门办理情况
-- purpose: Each department's workload and handling speed for the tickets
--   received in the period: how many, how many closed, how long closing
--   took, how many are still open at the end of the period and how many of
--   those are past their due time.
-- parameters:
--   $start, $end  the period
-- formula:
--   handling hours = closed_at - received_at, for tickets closed before $end
--   median_hours, p90_hours = median and 90th percentile of handling hours
--     (exact, linear interpolation between the two nearest values)
--   open_backlog = received in the period, not closed before $end, not cancelled
--   overdue_open = open_backlog with due_at before $end
-- output: department 承办单位, tickets 工单量, closed 已办结, median_hours 办理时长中位数(小时), p90_hours 办理时长P90(小时), open_backlog 未办结, overdue_open 超期未办结
WITH t AS (
    SELECT coalesce(department, '(未分派)') AS department,
           received_at, closed_at, due_at, status,
           CASE WHEN closed_at IS NOT NULL AND closed_at < $end
                THEN (date_part('epoch', closed_at) - date_part('epoch', received_at)) / 3600.0 END AS hours
    FROM tickets
    WHERE received_at >= $start AND received_at < $end
)
SELECT department,
       count(*) AS tickets,
       count(hours) AS closed,
       round(median(hours), 1) AS median_hours,
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY hours), 1) AS p90_hours,
       sum(CASE WHEN hours IS NULL AND coalesce(status, '') <> 'cancelled' THEN 1 ELSE 0 END) AS open_backlog,
       sum(CASE WHEN hours IS NULL AND coalesce(status, '') <> 'cancelled' AND due_at < $end THEN 1 ELSE 0 END) AS overdue_open
FROM t
GROUP BY department
ORDER BY tickets DESC, department
