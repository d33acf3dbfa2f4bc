#!/usr/bin/env bash
# Throughput benchmark over generated corpora (scripts/gen_corpus.py), one per language.
#
# For each corpus, hyperfine times four commands, all with the same thread count.
#   check-rules    logcov check with the corpus's logcov.toml and rules/ (every anchor kind)
#   check-default  logcov check with the built-in default rules
#   parse-only     logcov debug parse: same walker, reads and parser, no facts, no rules
#   ast-grep       ast-grep with one pattern ($L.info($$$), or info!($$$) for Rust)
# The summary table gives the mean and minimum wall time, the CPU time (user + system),
# files/s and MB/s from the mean wall time, and the ratios to parse-only.
#
# Environment: THREADS (default: nproc), RUNS (10), WARMUP (3), LANGUAGES
# ("typescript python rust"), AST_GREP (path to an ast-grep binary; default: install
# @ast-grep/cli from npm into $TMPDIR/logcov-bench-ast-grep, outside the repository),
# REGENERATE=1 to rebuild the corpora, CALLGRIND=1 to also count instructions with
# valgrind (one thread; slow, but independent of the machine's load).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-$(nproc)}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-3}
LANGUAGES=${LANGUAGES:-"typescript python rust"}
AST_GREP_VERSION=0.51.1
CORPUS=target/bench-corpus
RESULTS=target/bench-results
LOGCOV=target/release/logcov

for tool in hyperfine python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench.sh: $tool is missing; install it (apt-get install -y $tool)" >&2
    exit 2
  fi
done

cargo build --release --locked

if [ "${REGENERATE:-0}" = 1 ] || [ ! -d "$CORPUS/typescript" ] || [ ! -d "$CORPUS/python" ] ||
  [ ! -d "$CORPUS/rust" ]; then
  python3 scripts/gen_corpus.py --out "$CORPUS"
fi

if [ -z "${AST_GREP:-}" ]; then
  prefix="${TMPDIR:-/tmp}/logcov-bench-ast-grep"
  AST_GREP="$prefix/node_modules/@ast-grep/cli/ast-grep"
  if [ ! -x "$AST_GREP" ]; then
    echo "bench.sh: installing @ast-grep/cli@$AST_GREP_VERSION into $prefix"
    mkdir -p "$prefix"
    npm install --silent --no-audit --no-fund --prefix "$prefix" "@ast-grep/cli@$AST_GREP_VERSION"
  fi
fi

export RAYON_NUM_THREADS="$THREADS"
mkdir -p "$RESULTS"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "threads: $THREADS"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "hyperfine: $(hyperfine --version)"
  echo "ast-grep: $("$AST_GREP" --version)"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt"

for language in $LANGUAGES; do
  dir="$CORPUS/$language"
  case "$language" in
    typescript) extension=ts pattern='$L.info($$$)' ast_lang=ts ;;
    python) extension=py pattern='$L.info($$$)' ast_lang=py ;;
    rust) extension=rs pattern='info!($$$)' ast_lang=rs ;;
    *)
      echo "bench.sh: unknown language $language" >&2
      exit 2
      ;;
  esac
  files=$(find "$dir/src" -name "*.$extension" | wc -l)
  lines=$(find "$dir/src" -name "*.$extension" -print0 | xargs -0 cat | wc -l)
  bytes=$(find "$dir/src" -name "*.$extension" -print0 | xargs -0 cat | wc -c)
  echo "$language: $files files, $lines lines, $bytes bytes" | tee "$RESULTS/$language.corpus"

  names=(check-rules check-default parse-only ast-grep)
  commands=(
    "$LOGCOV check $dir"
    "$LOGCOV check $dir --config $dir/logcov-default.toml"
    "$LOGCOV debug parse $dir"
    "$AST_GREP run --threads $THREADS --lang $ast_lang --pattern '$pattern' $dir/src"
  )
  # A broken configuration exits with status 2 in milliseconds and would time nothing.
  for index in "${!names[@]}"; do
    status=0
    eval "${commands[$index]}" >/dev/null 2>"$RESULTS/$language.${names[$index]}.stderr" ||
      status=$?
    if [ "$status" -ge 2 ]; then
      echo "bench.sh: ${names[$index]} failed with exit status $status:" >&2
      cat "$RESULTS/$language.${names[$index]}.stderr" >&2
      exit 2
    fi
  done
  arguments=()
  for index in "${!names[@]}"; do
    arguments+=(-n "${names[$index]}" "${commands[$index]}")
  done
  # check exits 1 because the corpora miss their targets on purpose, hence -i.
  hyperfine --shell=none -i --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$RESULTS/$language.json" "${arguments[@]}"

  # Instruction counts do not depend on what else runs on the machine, unlike times.
  rm -f "$RESULTS/$language.instructions"
  if [ "${CALLGRIND:-0}" = 1 ]; then
    for index in "${!names[@]}"; do
      log="$RESULTS/$language.${names[$index]}.callgrind.log"
      # One thread, so that the count leaves out the spinning of idle rayon threads.
      eval "RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        ${commands[$index]/--threads $THREADS/--threads 1}" >/dev/null 2>"$log" || true
      count=$(grep -o 'Collected : [0-9]*' "$log" | grep -o '[0-9]*$')
      echo "${names[$index]} $count" | tee -a "$RESULTS/$language.instructions"
    done
  fi
done

python3 - "$RESULTS" $LANGUAGES <<'EOF'
import json
import sys
from pathlib import Path

results = Path(sys.argv[1])
rows = []
for language in sys.argv[2:]:
    files, lines, size = (int(word) for word in
                          (results / f"{language}.corpus").read_text().replace(",", "").split()[1::2])
    data = json.loads((results / f"{language}.json").read_text())["results"]
    floor = next(r for r in data if r["command"] == "parse-only")
    floor_cpu = floor["user"] + floor["system"]
    counts_path = results / f"{language}.instructions"
    counts = {}
    if counts_path.exists():
        for line in counts_path.read_text().splitlines():
            name, _, count = line.partition(" ")
            if count:
                counts[name] = int(count)
    for r in data:
        mean = r["mean"]
        cpu = r["user"] + r["system"]
        instructions = counts.get(r["command"])
        if instructions and counts.get("parse-only"):
            counted = f"{instructions / 1e9:.2f} | {instructions / counts['parse-only']:.2f}"
        else:
            counted = "- | -"
        rows.append(
            f"| {language} | {r['command']} | {mean:.3f} ± {r['stddev']:.3f} | {r['min']:.3f} | "
            f"{cpu:.2f} | {files / mean:,.0f} | {size / 1e6 / mean:.1f} | "
            f"{mean / floor['mean']:.2f} | {cpu / floor_cpu:.2f} | {counted} |"
        )
table = [
    "| corpus | command | wall s (mean ± sd) | wall s (min) | CPU s | files/s | MB/s "
    "| wall × parse-only | CPU × parse-only | 10⁹ instructions | instructions × parse-only |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    *rows,
]
text = "\n".join(table) + "\n"
(results / "summary.md").write_text(text)
print(text)
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/machine.txt"
