#!/usr/bin/env bash
# Instruction counts (callgrind, every thread) and peak memory (GNU time) of inkbind, an
# older binary against a newer one, on the inputs of benches/make-inputs.py. Counted
# instructions barely move with the machine's load, unlike wall-clock times, so this is the
# comparison to trust on a shared machine.
#
#   cargo build --release
#   OLD=/path/to/old/inkbind benches/instructions.sh      # NEW defaults to target/release
#
# Needs valgrind and GNU time (apt-get install valgrind time). Takes a few minutes: the
# novel runs some 50x slower under callgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
NEW=${NEW:-$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/inkbind}
OLD=${OLD:?set OLD to the inkbind binary to compare with}
WORK=${WORK:-$(mktemp -d)}
export SOURCE_DATE_EPOCH=1767225600
python3 benches/make-inputs.py "$WORK" >/dev/null
cd "$WORK"
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -n 's/.*refs: *//p' | tr -d ,; }
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
printf '%-30s %12s %12s %6s %10s %10s\n' job "old Ir" "new Ir" ratio "old RSS" "new RSS"
for job in "story.md" "story.md --format epub" "novel.md --format pdf" "novel.md --format epub"; do
  # shellcheck disable=SC2086
  a=$(ir "$OLD" build $job --out-dir old -q); b=$(ir "$NEW" build $job --out-dir new -q)
  # shellcheck disable=SC2086
  ra=$(rss "$OLD" build $job --out-dir old -q); rb=$(rss "$NEW" build $job --out-dir new -q)
  awk -v j="$job" -v a="$a" -v b="$b" -v ra="$ra" -v rb="$rb" 'BEGIN {
    printf "%-30s %11.1fM %11.1fM %6.2f %8.1fMB %8.1fMB\n", j, a/1e6, b/1e6, b/a, ra/1024, rb/1024 }'
done
