-- name: top_terms
-- title: 高频词
-- purpose: The words that mark each group's tickets in the period, by TF-IDF
--   with the IDF learned from the whole store: a word every ticket uses
--   scores low, a word frequent in this group and rare elsewhere scores high.
-- parameters:
--   $start, $end  timestamps, the period [start, end)
--   $by           'category' (category_l1), 'district', 'department' or 'all',
--                 or several of them separated by commas ('category,district'):
--                 one pass over the period's tokens gives the tables of each
--   $top          words per group
--   $min_count    least number of tickets in the group that use the word
-- output: by 分组方式, grp 分组, term 词语, tickets 工单数, share 占比, df 全库文档数, idf 逆文档频率, score 得分, rank 排名
-- formula:
--   tickets = tickets of the group in the period whose tokens contain term
--   share   = tickets / tickets of the group in the period
--   df      = tickets of the whole store whose tokens contain term
--   idf     = ln(N / df), N = tickets in the store with tokens
--   (df and N are the table store_terms, which analyze computes once for
--   all its tables)
--   score   = share × idf
--   a word that is part of the group's own name (丹凤县 for 丹凤县人民政府办公室,
--   供暖 for the category 供暖) says nothing new about it and is left out
WITH kinds AS (
    SELECT unnest(string_to_array(CAST($by AS VARCHAR), ',')) AS by
),
fine AS (
    -- One pass over the period's tokens: per combination of the groupings
    -- asked for (a column not asked for is left out, NULL), its tickets
    -- and, per word, the tickets that use it. term_counts counts a ticket
    -- once per word however often it repeats it, straight from the token
    -- lists (unnest(array_distinct(tokens)) made a row of every ticket's
    -- every word: 3 times slower on a year of 10M tickets).
    SELECT CASE WHEN strpos(CAST($by AS VARCHAR), 'category') > 0 THEN category_l1 END AS category_l1,
           CASE WHEN strpos(CAST($by AS VARCHAR), 'district') > 0 THEN district END AS district,
           CASE WHEN strpos(CAST($by AS VARCHAR), 'department') > 0 THEN department END AS department,
           count(*) AS n,
           term_counts(tokens) AS terms
    FROM tickets
    WHERE received_at >= $start AND received_at < $end AND tokens IS NOT NULL
    GROUP BY 1, 2, 3
),
grouped AS (
    SELECT k.by,
           CASE k.by
               WHEN 'category' THEN coalesce(f.category_l1, '(未分类)')
               WHEN 'district' THEN coalesce(f.district, '(未知区县)')
               WHEN 'department' THEN coalesce(f.department, '(未知单位)')
               ELSE '全部'
           END AS grp,
           f.n, f.terms
    FROM kinds k CROSS JOIN fine f
),
sizes AS (
    SELECT by, grp, sum(n) AS n FROM grouped GROUP BY by, grp
),
counted AS (
    SELECT by, grp, term, sum(tickets) AS tickets
    FROM (SELECT by, grp, get_field(e, 'term') AS term, get_field(e, 'tickets') AS tickets
          FROM (SELECT by, grp, unnest(terms) AS e FROM grouped) u) w
    GROUP BY by, grp, term
),
sized AS (
    SELECT c.by, c.grp, c.term, c.tickets, s.n
    FROM counted c JOIN sizes s ON s.by = c.by AND s.grp = c.grp
),
scored AS (
    SELECT g.by, g.grp, g.term, g.tickets,
           CAST(g.tickets AS DOUBLE) / g.n AS share,
           d.df,
           ln(CAST(d.n AS DOUBLE) / d.df) AS idf
    FROM sized g
    JOIN store_terms d ON d.term = g.term
    WHERE g.tickets >= $min_count AND strpos(g.grp, g.term) = 0
)
SELECT by, grp, term, tickets, round(share, 4) AS share, df, round(idf, 4) AS idf,
       round(share * idf, 4) AS score, rank
FROM (
    SELECT *, row_number() OVER (PARTITION BY by, grp ORDER BY share * idf DESC, term) AS rank
    FROM scored
) ranked
WHERE rank <= $top
ORDER BY by, grp, rank
