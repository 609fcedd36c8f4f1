-- name: ranking
-- title: 红黑榜
-- purpose: Departments ranked on 按期办结率 and 满意率 (the two KPIs every
--   department answers for), with the red list (红榜) and black list (黑榜)
--   by the thresholds of [ranking] in hotline.toml.
-- parameters:
--   $start, $end                          the period
--   $min_tickets                          departments with fewer tickets are not ranked
--   $red_on_time, $red_satisfaction       红榜: both rates at or above these
--   $black_on_time, $black_satisfaction   黑榜: either rate below these
-- formula:
--   on_time_rate, satisfaction_rate as in kpi.sql (a missing rate counts as 1 for
--   the score and is never a reason for 黑榜)
--   score = (on_time_rate + satisfaction_rate) / 2; rank 1 = best
--   tickets without a department answer to no one and are not ranked; nor is
--   a department with neither rate (no deadlines, no return visits): there
--   is nothing to rank it on, and a missing rate must not earn 红榜
-- output: rank 排名, department 承办单位, tickets 工单量, on_time_rate 按期办结率, satisfaction_rate 满意率, score 综合得分, board 榜单
WITH t AS (
    SELECT department, due_at, satisfaction,
           CASE WHEN closed_at IS NOT NULL AND closed_at < $end THEN 1 ELSE 0 END AS is_closed,
           closed_at
    FROM tickets
    WHERE received_at >= $start AND received_at < $end AND department IS NOT NULL
),
rates AS (
    SELECT department, count(*) AS tickets,
           CAST(sum(CASE WHEN due_at IS NOT NULL AND is_closed = 1 AND closed_at <= due_at THEN 1 ELSE 0 END) AS DOUBLE)
             / nullif(sum(CASE WHEN due_at IS NOT NULL AND (is_closed = 1 OR due_at < $end) THEN 1 ELSE 0 END), 0) AS on_time_rate,
           CAST(sum(CASE WHEN satisfaction IN ('满意', '基本满意') THEN 1 ELSE 0 END) AS DOUBLE)
             / nullif(sum(CASE WHEN satisfaction IN ('满意', '基本满意', '不满意') THEN 1 ELSE 0 END), 0) AS satisfaction_rate
    FROM t
    GROUP BY department
    HAVING count(*) >= $min_tickets
)
SELECT CAST(rank() OVER (ORDER BY (coalesce(on_time_rate, 1) + coalesce(satisfaction_rate, 1)) / 2 DESC) AS BIGINT) AS rank,
       department, tickets,
       round(on_time_rate, 4) AS on_time_rate,
       round(satisfaction_rate, 4) AS satisfaction_rate,
       round((coalesce(on_time_rate, 1) + coalesce(satisfaction_rate, 1)) / 2, 4) AS score,
       CASE
           WHEN on_time_rate < $black_on_time OR satisfaction_rate < $black_satisfaction THEN '黑榜'
           WHEN coalesce(on_time_rate, 1) >= $red_on_time AND coalesce(satisfaction_rate, 1) >= $red_satisfaction THEN '红榜'
           ELSE ''
       END AS board
FROM rates
WHERE on_time_rate IS NOT NULL OR satisfaction_rate IS NOT NULL
ORDER BY rank, department
