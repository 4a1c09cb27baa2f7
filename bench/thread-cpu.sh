#!/usr/bin/env bash
# CPU used by each thread of a running process over an interval, summed by thread name (the kernel keeps 15
# characters of it; trailing digits, '-' and '#' dropped, so the carriers of virtual threads, "ForkJoinPool-1-worker-N",
# add up as "ForkJoinPool"): user and system clock ticks (1/100 s here) and each name's share of the total.
#   bench/thread-cpu.sh PID [SECONDS]      e.g. during bench/relay.sh: bench/thread-cpu.sh "$(pgrep -f 'villhop.* serve')" 10
set -euo pipefail
pid=${1:?usage: bench/thread-cpu.sh PID [SECONDS]}
seconds=${2:-10}
# Shell built-ins only (no process per thread), so that a snapshot takes milliseconds even on a busy machine.
snapshot() {
  for task in /proc/"$pid"/task/*; do
    { read -r name < "$task/comm" && read -r stat < "$task/stat"; } 2>/dev/null || continue
    read -r -a fields <<< "${stat##*) }"
    echo "${task##*/} ${name// /_} ${fields[11]} ${fields[12]}"   # utime, stime: fields 14 and 15 of stat
  done | sort
}
started=$EPOCHREALTIME
before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
summary=$(join <(echo "$before") <(echo "$after") | awk -v elapsed="$elapsed" '
  { name = $2; sub(/[-#0-9]+$/, "", name); user[name] += $6 - $3; sys[name] += $7 - $4; total += $6 - $3 + $7 - $4 }
  END {
    for (n in user) if (user[n] + sys[n] > 0)
      printf "%-32s user %6d  sys %6d  %5.1f%%\n", n, user[n], sys[n], 100 * (user[n] + sys[n]) / total
    printf "total: %d ticks over %s s, both snapshots included (threads that ended meanwhile are not counted)\n", total, elapsed
  }')
{ grep -v '^total' <<< "$summary" || true; } | sort -k3 -rn
grep '^total' <<< "$summary"
