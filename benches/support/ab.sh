#!/bin/sh
# Compares two builds of the check bench on a noisy machine: runs them in turn, N times each
# (default 6), and prints each one's median check time and ratio to serde_json at 10 MB.
#
#   cargo bench --bench check --no-run     # prints the executable's path; copy it aside,
#   cp target/release/deps/check-HASH /tmp/check-old   # then change the code, rebuild, and
#   cp target/release/deps/check-HASH /tmp/check-new
#   benches/support/ab.sh /tmp/check-old /tmp/check-new
set -eu
old=$1 new=$2 n=${N:-6}
out=$(mktemp)
i=0
while [ "$i" -lt "$n" ]; do
    for v in old new; do
        eval "bin=\$$v"
        printf '%s %s\n' "$v" "$(SMM_BENCH_RUNS=7 "$bin" --bench zzz 2>&1 | grep '^ 10 MB')" >>"$out"
    done
    i=$((i + 1))
done
python3 - "$out" <<'PY'
import statistics, sys
runs = {"old": [], "new": []}
for line in open(sys.argv[1]):
    f = line.split()
    runs[f[0]].append((float(f[7]), float(f[-1].rstrip("×"))))
for v, r in runs.items():
    print(f"{v}: check {statistics.median(x[0] for x in r):.1f} ms, "
          f"ratio {statistics.median(x[1] for x in r):.2f}, runs {[x[0] for x in r]}")
PY
rm -f "$out"
