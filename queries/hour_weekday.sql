-- name: hour_weekday
-- title: 时段分布
-- purpose: Tickets by weekday and hour of reception in the period: when
--   the lines are busy (a 7 × 24 grid, long form; empty cells are 0).
-- parameters:
--   $start, $end  the period
-- output: weekday 星期, hour 小时, tickets 工单量
WITH grid AS (
    SELECT w AS weekday, h AS hour
    FROM unnest(range(1, 8)) AS ws(w) CROSS JOIN unnest(range(0, 24)) AS hs(h)
),
counts AS (
    -- isodow-style weekday: Monday 1 … Sunday 7
    SELECT CAST((CAST(date_part('dow', received_at) AS BIGINT) + 6) % 7 + 1 AS BIGINT) AS weekday,
           CAST(date_part('hour', received_at) AS BIGINT) AS hour,
           count(*) AS tickets
    FROM tickets
    WHERE received_at >= $start AND received_at < $end
    GROUP BY 1, 2
)
SELECT g.weekday, g.hour, coalesce(c.tickets, 0) AS tickets
FROM grid g LEFT JOIN counts c ON c.weekday = g.weekday AND c.hour = g.hour
ORDER BY g.weekday, g.hour
