-- name: kpi
-- title: 考核指标
-- purpose: The KPIs hotline centres are judged on, per department or per
--   district, for the tickets received in the period. Numerators and
--   denominators are shown next to each rate so every figure can be checked.
-- parameters:
--   $start, $end       the period
--   $lookback_start    $start minus 30 days (for 重复投诉率)
--   $by                'department' or 'district', or both separated by a comma
--                      ('department,district'): one pass over the period's
--                      tickets gives the tables of each
-- formula:
--   按期办结率 on_time_rate = closed_on_time / (closed + open_overdue), over tickets with a due time:
--     closed_on_time = closed before $end and not after due_at
--     closed         = closed before $end
--     open_overdue   = not closed before $end, due_at before $end
--     (counting only closed tickets would hide the overdue open ones)
--   满意率 satisfaction_rate = (满意 + 基本满意) / tickets with a follow-up answer (满意, 基本满意, 不满意)
--   解决率 resolved_rate = resolved / tickets whose export says resolved or not
--   重复投诉率 repeat_rate = tickets whose caller had another ticket of the same
--     category_l1 in the 30 days before / tickets with a caller (caller_key);
--     an export without caller phones gives an empty rate, not 0
--   回退/重办率 redispatch_rate = tickets with redispatch_count > 0 / tickets with a redispatch_count
--   A rate whose denominator is 0 is empty.
-- output: by 分组方式, grp 分组, tickets 工单量, closed_on_time 按期办结, closed 已办结, open_overdue 超期未办结, on_time_rate 按期办结率, rated 已回访, satisfied 满意数, satisfaction_rate 满意率, resolved 已解决, resolved_known 解决情况已知, resolved_rate 解决率, repeats 重复投诉, caller_known 来电人已知, repeat_rate 重复投诉率, redispatched 回退重办, redispatch_known 转派次数已知, redispatch_rate 回退重办率
WITH kinds AS (
    SELECT unnest(string_to_array(CAST($by AS VARCHAR), ',')) AS by
),
scope AS (
    SELECT ticket_id, received_at, caller_key, category_l1, closed_at, due_at,
           satisfaction, resolved, redispatch_count, district, department
    FROM tickets
    WHERE received_at >= $lookback_start AND received_at < $end
),
multi AS (
    -- only a caller with two tickets or more of one category can repeat:
    -- the window below sorts their tickets alone. Grouped by a 64-bit hash
    -- of the pair (key_hash): a year of ten million callers grouped by
    -- their keys as strings built the analysis' largest hash table. A
    -- collision only adds a candidate; the window partitions by the keys.
    SELECT key_hash(caller_key, category_l1) AS pair
    FROM scope
    WHERE caller_key IS NOT NULL
    GROUP BY 1
    HAVING count(*) > 1
),
prior AS (
    SELECT s.district, s.department, s.received_at,
           lag(s.received_at) OVER (
               PARTITION BY s.caller_key, s.category_l1 ORDER BY s.received_at, s.ticket_id
           ) AS prev_at
    -- an inner join with the few candidate pairs on its left, the side a
    -- hash join builds its table on: with the period's tickets there it
    -- took 3.8 GB for a year of 10M (EXISTS did the same)
    FROM multi m
    JOIN scope s ON m.pair = key_hash(s.caller_key, s.category_l1)
    WHERE s.caller_key IS NOT NULL
),
fine_repeats AS (
    -- counted per district × department here, so that the period's
    -- tickets need no join with the few that have an earlier one
    SELECT district, department, count(*) AS repeats
    FROM prior
    WHERE received_at >= $start AND prev_at IS NOT NULL
      AND date_part('epoch', received_at) - date_part('epoch', prev_at) <= 30 * 86400
    GROUP BY district, department
),
fine AS (
    -- one pass over the period's tickets, per district × department;
    -- every figure is a count, so each grouping asked for is their sum
    SELECT district, department,
           count(*) AS tickets,
           sum(CASE WHEN due_at IS NOT NULL AND is_closed = 1 AND closed_at <= due_at THEN 1 ELSE 0 END) AS closed_on_time,
           sum(CASE WHEN due_at IS NOT NULL AND is_closed = 1 THEN 1 ELSE 0 END) AS closed,
           sum(CASE WHEN due_at IS NOT NULL AND is_closed = 0 AND due_at < $end THEN 1 ELSE 0 END) AS open_overdue,
           sum(CASE WHEN satisfaction IN ('满意', '基本满意', '不满意') THEN 1 ELSE 0 END) AS rated,
           sum(CASE WHEN satisfaction IN ('满意', '基本满意') THEN 1 ELSE 0 END) AS satisfied,
           sum(CASE WHEN resolved THEN 1 ELSE 0 END) AS resolved,
           count(resolved) AS resolved_known,
           count(caller_key) AS caller_known,
           sum(CASE WHEN redispatch_count > 0 THEN 1 ELSE 0 END) AS redispatched,
           count(redispatch_count) AS redispatch_known
    FROM (SELECT s.*,
                 CASE WHEN s.closed_at IS NOT NULL AND s.closed_at < $end THEN 1 ELSE 0 END AS is_closed
          FROM scope s
          WHERE s.received_at >= $start) t
    GROUP BY district, department
),
-- the few kinds on the left: a cross join holds its left side in memory
agg AS (
    SELECT k.by,
           CASE k.by WHEN 'district' THEN coalesce(f.district, '(未知区县)')
                     ELSE coalesce(f.department, '(未分派)') END AS grp,
           sum(f.tickets) AS tickets,
           sum(f.closed_on_time) AS closed_on_time,
           sum(f.closed) AS closed,
           sum(f.open_overdue) AS open_overdue,
           sum(f.rated) AS rated,
           sum(f.satisfied) AS satisfied,
           sum(f.resolved) AS resolved,
           sum(f.resolved_known) AS resolved_known,
           sum(f.caller_known) AS caller_known,
           sum(f.redispatched) AS redispatched,
           sum(f.redispatch_known) AS redispatch_known
    FROM kinds k CROSS JOIN fine f
    GROUP BY 1, 2
),
repeat_counts AS (
    SELECT k.by,
           CASE k.by WHEN 'district' THEN coalesce(r.district, '(未知区县)')
                     ELSE coalesce(r.department, '(未分派)') END AS grp,
           sum(r.repeats) AS repeats
    FROM kinds k CROSS JOIN fine_repeats r
    GROUP BY 1, 2
),
joined AS (
    SELECT a.*, coalesce(r.repeats, 0) AS repeats
    FROM agg a LEFT JOIN repeat_counts r ON r.by = a.by AND r.grp = a.grp
)
SELECT by, grp, tickets,
       closed_on_time, closed, open_overdue,
       round(CAST(closed_on_time AS DOUBLE) / nullif(closed + open_overdue, 0), 4) AS on_time_rate,
       rated, satisfied,
       round(CAST(satisfied AS DOUBLE) / nullif(rated, 0), 4) AS satisfaction_rate,
       resolved, resolved_known,
       round(CAST(resolved AS DOUBLE) / nullif(resolved_known, 0), 4) AS resolved_rate,
       repeats, caller_known,
       round(CAST(repeats AS DOUBLE) / nullif(caller_known, 0), 4) AS repeat_rate,
       redispatched, redispatch_known,
       round(CAST(redispatched AS DOUBLE) / nullif(redispatch_known, 0), 4) AS redispatch_rate
FROM joined
ORDER BY by, tickets DESC, grp
