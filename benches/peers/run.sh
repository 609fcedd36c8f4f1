#!/usr/bin/env bash
# The whole job a user runs, hotline against the scripts they would write
# instead (docs/performance.md, "End to end against a script"):
#
#   ingest a GBK city-year export, then every standard analysis of the year
#
#   hotline ingest + hotline analyze       (release build)
#   pandas + rjieba, polars + rjieba       (jieba-rs from Python)
#   pandas + jieba                         (Python jieba)
#
# run in turn, RUNS times each (pandas + jieba, about a minute a run, once),
# with the wall clock and the peak memory of every run from
# /usr/bin/time; prints the medians and the ratios to the fastest peer.
#
#   bash benches/peers/run.sh [TICKETS] [RUNS]
#
# The Python packages are installed into target/peers/venv from
# requirements.txt (PyPI); the export is generated once into target/peers/.
set -euo pipefail
cd "$(dirname "$0")/../.."
tickets=${1:-310000}
runs=${2:-3}
work=target/peers
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q -r benches/peers/requirements.txt
fi
cargo build --release --locked -q
hotline=${CARGO_TARGET_DIR:-target}/release/hotline
export=$work/city-$tickets.csv
if [ ! -f "$export" ]; then
    # A held-out bank (longer, more varied texts than the tuned one), in GBK.
    "$hotline" gen --tickets "$tickets" --days 365 --seed 11 --start 2025-01-01 \
        --bank qingshui --encoding gbk --out "$export" >/dev/null
fi
export HOTLINE_CALLER_KEY=bench-key
mb=$(( $(stat -c %s "$export") / 1000000 ))

# One run of a named job: wall seconds and peak MB on one line of $work/NAME.
one() {
    local name=$1; shift
    local out=$work/out-$name
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" "$out" >/dev/null 2>"$work/err-$name" || {
        echo "$name failed:"; cat "$work/err-$name"; exit 1; }
    awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time" >> "$work/$name"
}
# hotline's job in one process tree: bash -c CMD _ OUT.
hotline_job="\"$hotline\" ingest \"$export\" --store \"\$1/store\" --encoding gbk >/dev/null &&
    \"$hotline\" analyze --store \"\$1/store\" --period 2025 --out \"\$1/analyses\" --as-of 2025-12-31 >/dev/null"
py="$work/venv/bin/python benches/peers/job.py"
rm -f "$work"/{hotline,pandas-rjieba,polars-rjieba,pandas-jieba}
for i in $(seq "$runs"); do
    one hotline bash -c "$hotline_job" _
    one pandas-rjieba $py pandas rjieba "$export"
    one polars-rjieba $py polars rjieba "$export"
    # Python jieba takes about a minute a run: once, in the last round.
    if [ "$i" -eq "$runs" ]; then one pandas-jieba $py pandas jieba "$export"; fi
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "$tickets tickets, ${mb} MB GBK export, $(nproc) cores, $(date -u +%Y-%m-%d)"
printf '| job | runs | median s | median peak MB |\n|---|---|---|---|\n'
best=""
for name in hotline pandas-rjieba polars-rjieba pandas-jieba; do
    s=$(cut -d' ' -f1 "$work/$name" | median)
    m=$(cut -d' ' -f2 "$work/$name" | median)
    printf '| %s | %d | %.1f | %.0f |\n' "$name" "$(wc -l < "$work/$name")" "$s" "$m"
    if [ "$name" != hotline ]; then
        if [ -z "$best" ] || awk "BEGIN {exit !($s < $best)}"; then best=$s; fi
    else
        mine=$s
    fi
done
awk "BEGIN {printf \"fastest peer / hotline = %.2f\\n\", $best / $mine}"
