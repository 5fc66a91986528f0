#!/usr/bin/env bash
# Coverage-guided fuzzing of one decoder: eng/fuzz/run.sh TARGET SECONDS
#   TARGET   model | checkpoint | csv   (see eng/fuzz/MlNetNeural.Fuzz/*Target.cs)
#   SECONDS  how long afl-fuzz runs
# Builds the fuzz targets, instruments our assemblies with SharpFuzz, runs AFL++ from the target's seeds and every
# input committed in eng/fuzz/findings/TARGET, prints executions, paths, crashes and hangs, and copies any new crash
# or hang into eng/fuzz/findings/TARGET, where the test suite replays it (FuzzRegressionTests). Work files go to
# artifacts/fuzz/TARGET (FUZZ_WORK overrides); FUZZ_REUSE_BUILD=1 reuses the instrumented build there (so a long
# campaign does not rebuild the projects while you work on them). Needs AFL++ (Debian: apt-get install afl++).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: eng/fuzz/run.sh (model|checkpoint|csv) SECONDS" >&2
  exit 2
fi
target=$1
seconds=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${FUZZ_WORK:-$root/artifacts/fuzz/$target}
findings=$root/eng/fuzz/findings/$target
command -v afl-fuzz > /dev/null || { echo "afl-fuzz not found: install AFL++ (Debian: apt-get install afl++)" >&2; exit 2; }

publish=$work/bin
if [ "${FUZZ_REUSE_BUILD:-0}" != 1 ] || [ ! -f "$publish/MlNetNeural.Fuzz.dll" ]; then
  rm -rf "$publish" "$work/seeds"
  mkdir -p "$work"
  dotnet publish "$root/eng/fuzz/MlNetNeural.Fuzz" -c Release -o "$publish" --nologo -v quiet
  # Seeds first: instrumented code writes AFL's shared memory, so it runs only under afl-fuzz.
  mkdir -p "$work/seeds" "$findings"
  dotnet "$publish/MlNetNeural.Fuzz.dll" seeds "$target" "$work/seeds"
  find "$findings" -type f ! -name '.*' -exec cp {} "$work/seeds/" \;
  dotnet "$publish/MlNetNeural.Fuzz.dll" instrument "$publish/MlNetNeural.Transforms.dll" "$publish/MlNetNeural.Trainers.dll" "$publish/MlNetNeural.Cli.dll"
fi

# No UI; the fuzzer's own checks of the machine's core-dump and CPU-frequency settings do not apply to a managed target.
export AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
rm -rf "$work/out"
afl-fuzz -V "$seconds" -t 10000 -m none -i "$work/seeds" -o "$work/out" -- dotnet "$publish/MlNetNeural.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 || {
  tail -n 30 "$work/afl.log" >&2
  exit 1
}

stats=$work/out/default/fuzzer_stats
value() { awk -F: -v key="$1" '$1 ~ "^"key" *$" { gsub(/ /, "", $2); print $2 }' "$stats"; }
echo "target $target: $(value run_time) s, $(value execs_done) executions, $(value corpus_count) paths, $(value saved_crashes) crashes, $(value saved_hangs) hangs"
for kind in crashes hangs; do
  for input in "$work/out/default/$kind"/id*; do
    [ -e "$input" ] || continue
    name="$kind-$(sha256sum "$input" | cut -c1-16)"
    cp "$input" "$findings/$name"
    echo "new $kind input: eng/fuzz/findings/$target/$name"
  done
done
