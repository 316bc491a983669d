#!/usr/bin/env bash
# Whole-process speed and memory of inkbind, side by side with pandoc and (optionally) an
# older inkbind, in one run on this machine. Figures go to the README by hand.
#
#   cargo build --release
#   benches/compare.sh                         # inkbind (target/release) vs pandoc
#   BEFORE=/tmp/inkbind-old benches/compare.sh # … and vs an older inkbind binary
#
# Needs hyperfine, pandoc and GNU time (apt-get install hyperfine pandoc time); a missing
# pandoc or BEFORE is left out. Inputs come from benches/make-inputs.py (the sample stories,
# our own writing): a 3,195-word story with a generated cover, a shelf of 1,000 of them and a
# 320,000-word novel.
set -euo pipefail
cd "$(dirname "$0")/.."
NEW=${NEW:-$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/inkbind}
BEFORE=${BEFORE:-}
WORK=${WORK:-$(mktemp -d)}
export SOURCE_DATE_EPOCH=1767225600
python3 benches/make-inputs.py "$WORK"
cd "$WORK"
have_pandoc=$(command -v pandoc >/dev/null && echo yes || true)

echo "== one story, whole process: EPUB + PDF (pandoc: EPUB only)"
cmds=("$NEW build story.md --out-dir new -q")
[ -n "$BEFORE" ] && cmds+=("$BEFORE build story.md --out-dir old -q")
[ -n "$have_pandoc" ] && cmds+=("pandoc story.md -o pandoc-story.epub")
hyperfine -N --warmup 3 --min-runs 20 "${cmds[@]}"

echo "== the same story, EPUB only"
cmds=("$NEW build story.md --out-dir new --format epub -q")
[ -n "$BEFORE" ] && cmds+=("$BEFORE build story.md --out-dir old --format epub -q")
hyperfine -N --warmup 3 --min-runs 20 "${cmds[@]}"

echo "== a shelf of 1,000 stories, EPUB + PDF"
cmds=("$NEW build shelf --out-dir shelf-new -q")
[ -n "$BEFORE" ] && cmds+=("$BEFORE build shelf --out-dir shelf-old -q")
hyperfine --runs 1 "${cmds[@]}"

echo "== the 320,000-word novel"
cmds=("$NEW build novel.md --out-dir new --format pdf -q" "$NEW build novel.md --out-dir new --format epub -q")
[ -n "$BEFORE" ] && cmds+=("$BEFORE build novel.md --out-dir old --format pdf -q" "$BEFORE build novel.md --out-dir old --format epub -q")
[ -n "$have_pandoc" ] && cmds+=("pandoc novel.md -o pandoc-novel.epub")
hyperfine -N --warmup 1 --runs 3 "${cmds[@]}"

echo "== peak memory (maximum resident set size)"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
for bin in "$NEW" ${BEFORE:+"$BEFORE"}; do
  echo "$bin"
  echo "  story EPUB+PDF: $(peak "$bin" build story.md --out-dir mem -q) KB"
  echo "  novel PDF:      $(peak "$bin" build novel.md --out-dir mem --format pdf -q) KB"
  echo "  novel EPUB:     $(peak "$bin" build novel.md --out-dir mem --format epub -q) KB"
  echo "  100 stories:    $(peak "$bin" build shelf100 --out-dir mem100 -q) KB"
  echo "  1,000 stories:  $(peak "$bin" build shelf --out-dir mem1000 -q) KB"
done
[ -n "$have_pandoc" ] && echo "pandoc novel EPUB: $(peak pandoc novel.md -o mem-pandoc.epub) KB"

echo "== reproducible: two builds of the story are byte-identical"
"$NEW" build story.md --out-dir r1 -q && "$NEW" build story.md --out-dir r2 -q
cmp r1/story.epub r2/story.epub && cmp r1/story.pdf r2/story.pdf && echo "identical"
echo "work folder: $WORK"
