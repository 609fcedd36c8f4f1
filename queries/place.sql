-- name: place
-- title: 热点地点
-- purpose: The places (estate, road, market, school, river, village …: the
--   `place` column ingest fills from the export's place column, the address
--   or the text) with the most tickets in the period, with the period before
--   for 环比 and the category and district most of their tickets have:
--   where problems concentrate.
-- parameters:
--   $start, $end            the period
--   $prev_start, $prev_end  the period before (环比 base)
--   $top                    places listed
-- formula:
--   share      = tickets / tickets of the period that name a place
--   mom_change = (tickets − prev_tickets) / prev_tickets
--   category, district = the value most of the place's tickets of the period
--     have (a tie goes to the first by name); empty when none has one
-- output: place 地点, tickets 工单量, share 占比, prev_tickets 上期, mom_change 环比, category 主要类别, district 区县, rank 排名
WITH scope AS (
    SELECT place, category_l1, district,
           received_at >= $start AND received_at < $end AS now,
           received_at >= $prev_start AND received_at < $prev_end AS prev
    FROM tickets
    WHERE place IS NOT NULL
      AND ((received_at >= $start AND received_at < $end)
        OR (received_at >= $prev_start AND received_at < $prev_end))
),
counts AS (
    SELECT place,
           sum(CASE WHEN now THEN 1 ELSE 0 END) AS tickets,
           sum(CASE WHEN prev THEN 1 ELSE 0 END) AS prev_tickets
    FROM scope
    GROUP BY place
),
ranked AS (
    SELECT place, tickets, prev_tickets,
           round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (), 0), 4) AS share,
           row_number() OVER (ORDER BY tickets DESC, place) AS rank
    FROM counts
    WHERE tickets > 0
),
cat AS (
    SELECT place, category_l1 AS category,
           row_number() OVER (PARTITION BY place ORDER BY count(*) DESC, category_l1) AS r
    FROM scope
    WHERE now AND category_l1 IS NOT NULL
    GROUP BY place, category_l1
),
dis AS (
    SELECT place, district,
           row_number() OVER (PARTITION BY place ORDER BY count(*) DESC, district) AS r
    FROM scope
    WHERE now AND district IS NOT NULL
    GROUP BY place, district
)
SELECT p.place, p.tickets, p.share, p.prev_tickets,
       round(CAST(p.tickets - p.prev_tickets AS DOUBLE) / nullif(p.prev_tickets, 0), 4) AS mom_change,
       c.category, d.district, p.rank
FROM ranked p
LEFT JOIN cat c ON c.place = p.place AND c.r = 1
LEFT JOIN dis d ON d.place = p.place AND d.r = 1
WHERE p.rank <= $top
ORDER BY p.rank
