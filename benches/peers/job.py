"""The job a user would script instead of hotline: read a 12345 export in
GBK, segment titles and contents into words, keep the table as Parquet,
then run the year's standard analyses (volumes by day, week and month,
category, district and street, channel, hour x weekday, handling by
department, KPIs by department and district, the top words of each
category and district).

    python job.py FRAME SEGMENTER EXPORT OUTDIR

FRAME is pandas or polars, SEGMENTER rjieba (jieba-rs) or jieba (Python).
Rows that do not parse are skipped, as a script would (on_bad_lines=skip);
nothing is masked and no store, versions or places are kept: the peer does
less than hotline, which is the point of comparing wall clocks.
"""

import io
import os
import sys
from collections import Counter

frame, segmenter, export, outdir = sys.argv[1:5]
os.makedirs(outdir, exist_ok=True)

if segmenter == "rjieba":
    import rjieba

    def cut(s):
        return rjieba.cut(s)
else:
    import jieba

    jieba.setLogLevel(60)

    def cut(s):
        return jieba.lcut(s)


STOP = set("的 了 是 在 和 有 我 也 就 都 及 与 或 对 被 等 请 要求 反映 市民 来电 来电人 相关 部门 处理 核实".split())


def words(text):
    return [w for w in cut(text) if len(w) > 1 and w not in STOP and not w.isdigit()]


def top_words(groups, texts, n=10):
    by = {}
    for g, t in zip(groups, texts):
        by.setdefault(g, Counter()).update(set(t))
    return {g: c.most_common(n) for g, c in by.items()}


if frame == "pandas":
    import pandas as pd

    df = pd.read_csv(export, encoding="gbk", on_bad_lines="skip", dtype=str)
    df["受理时间"] = pd.to_datetime(df["受理时间"], errors="coerce")
    df["办理时限"] = pd.to_datetime(df["办理时限"], errors="coerce")
    df["办结时间"] = pd.to_datetime(df["办结时间"], errors="coerce")
    df = df.dropna(subset=["工单编号", "受理时间"])
    df["tokens"] = [words(f"{t} {c}") for t, c in zip(df["诉求标题"].fillna(""), df["诉求内容"].fillna(""))]
    df.to_parquet(os.path.join(outdir, "tickets.parquet"))
    t = df["受理时间"]
    out = {
        "day": df.groupby(t.dt.date).size(),
        "week": df.groupby(t.dt.to_period("W")).size(),
        "month": df.groupby(t.dt.to_period("M")).size(),
        "category": df.groupby(["一级分类", "二级分类"]).size(),
        "district": df.groupby(["所属区县", "所属街道"]).size(),
        "channel": df.groupby("来源渠道").size(),
        "hour_weekday": df.groupby([t.dt.day_of_week.rename("weekday"), t.dt.hour.rename("hour")]).size(),
    }
    closed = df["办结时间"].notna()
    df["hours"] = (df["办结时间"] - t).dt.total_seconds() / 3600
    df["on_time"] = closed & (df["办结时间"] <= df["办理时限"])
    df["satisfied"] = df["回访满意度"].isin(["满意", "基本满意"])
    df["rated"] = df["回访满意度"].isin(["满意", "基本满意", "不满意"])
    for key in ["承办单位", "所属区县"]:
        g = df.groupby(key)
        out[f"kpi_{key}"] = pd.DataFrame(
            {
                "tickets": g.size(),
                "median_hours": g["hours"].median(),
                "on_time_rate": g["on_time"].sum() / g.size(),
                "satisfaction_rate": g["satisfied"].sum() / g["rated"].sum().replace(0, float("nan")),
            }
        )
    for name, o in out.items():
        o.to_csv(os.path.join(outdir, f"{name}.csv"))
    terms = {
        "category": top_words(df["一级分类"].fillna("-"), df["tokens"]),
        "district": top_words(df["所属区县"].fillna("-"), df["tokens"]),
    }
else:
    import polars as pl

    with open(export, "rb") as f:
        text = f.read().decode("gbk", errors="replace")
    df = pl.read_csv(io.StringIO(text), infer_schema=False, ignore_errors=True, truncate_ragged_lines=True)
    ts = lambda c: pl.col(c).str.to_datetime(strict=False)
    df = df.with_columns(ts("受理时间"), ts("办理时限"), ts("办结时间")).drop_nulls(["工单编号", "受理时间"])
    tokens = [words(f"{a or ''} {b or ''}") for a, b in zip(df["诉求标题"].to_list(), df["诉求内容"].to_list())]
    df = df.with_columns(pl.Series("tokens", tokens, dtype=pl.List(pl.Utf8)))
    df.write_parquet(os.path.join(outdir, "tickets.parquet"))
    t = pl.col("受理时间")
    out = {
        "day": df.group_by(t.dt.date()).len(),
        "week": df.group_by(t.dt.truncate("1w")).len(),
        "month": df.group_by(t.dt.truncate("1mo")).len(),
        "category": df.group_by("一级分类", "二级分类").len(),
        "district": df.group_by("所属区县", "所属街道").len(),
        "channel": df.group_by("来源渠道").len(),
        "hour_weekday": df.group_by(t.dt.weekday().alias("weekday"), t.dt.hour().alias("hour")).len(),
    }
    df = df.with_columns(
        ((pl.col("办结时间") - t).dt.total_seconds() / 3600).alias("hours"),
        (pl.col("办结时间").is_not_null() & (pl.col("办结时间") <= pl.col("办理时限"))).alias("on_time"),
        pl.col("回访满意度").is_in(["满意", "基本满意"]).alias("satisfied"),
        pl.col("回访满意度").is_in(["满意", "基本满意", "不满意"]).alias("rated"),
    )
    for key in ["承办单位", "所属区县"]:
        out[f"kpi_{key}"] = df.group_by(key).agg(
            pl.len().alias("tickets"),
            pl.col("hours").median().alias("median_hours"),
            (pl.col("on_time").sum() / pl.len()).alias("on_time_rate"),
            (pl.col("satisfied").sum() / pl.col("rated").sum()).alias("satisfaction_rate"),
        )
    for name, o in out.items():
        o.write_csv(os.path.join(outdir, f"{name}.csv"))
    terms = {
        "category": top_words(df["一级分类"].fill_null("-").to_list(), tokens),
        "district": top_words(df["所属区县"].fill_null("-").to_list(), tokens),
    }

with open(os.path.join(outdir, "terms.txt"), "w", encoding="utf-8") as f:
    for kind, groups in terms.items():
        for g, ws in sorted(groups.items()):
            f.write(f"{kind}\t{g}\t{' '.join(w for w, _ in ws)}\n")
print(f"{len(df)} rows")
