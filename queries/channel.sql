-- name: channel
-- title: 来源渠道
-- purpose: Tickets per channel (phone, web, app, wechat …) in the period.
-- parameters:
--   $start, $end  the period
-- output: channel 渠道, tickets 工单量, share 占比
SELECT channel, tickets,
       round(CAST(tickets AS DOUBLE) / nullif(sum(tickets) OVER (), 0), 4) AS share
FROM (
    SELECT coalesce(channel, '(未知)') AS channel, count(*) AS tickets
    FROM tickets
    WHERE received_at >= $start AND received_at < $end
    GROUP BY 1
) c
ORDER BY tickets DESC, channel
