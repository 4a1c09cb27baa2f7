#!/usr/bin/env bash
# CPU used by each thread of a running process over an interval, summed by thread name (numbers and '#' dropped, so
# the carriers of virtual threads add up as "ForkJoinPool-worker-"): user and system clock ticks (1/100 s here).
#   bench/thread-cpu.sh PID [SECONDS]      e.g. during bench/relay.sh: bench/thread-cpu.sh "$(pgrep -f 'villhop.* serve')" 10
set -euo pipefail
pid=${1:?usage: bench/thread-cpu.sh PID [SECONDS]}
seconds=${2:-10}
snapshot() {
  for task in /proc/"$pid"/task/*; do
    name=$(tr ' ' '_' < "$task/comm" 2>/dev/null) || continue
    stat=$(sed 's/.*) //' "$task/stat" 2>/dev/null) || continue
    read -r -a fields <<< "$stat"
    echo "${task##*/} $name ${fields[11]} ${fields[12]}"   # utime, stime: fields 14 and 15 of stat
  done | sort
}
before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
summary=$(join <(echo "$before") <(echo "$after") | awk -v seconds="$seconds" '
  { name = $2; sub(/[-#0-9]+$/, "", name); user[name] += $6 - $3; sys[name] += $7 - $4; total += $6 - $3 + $7 - $4 }
  END {
    for (n in user) if (user[n] + sys[n] > 0)
      printf "%-32s user %6d  sys %6d  %5.1f%%\n", n, user[n], sys[n], 100 * (user[n] + sys[n]) / total
    printf "total: %d ticks over %d s (threads that ended meanwhile are not counted)\n", total, seconds
  }')
{ grep -v '^total' <<< "$summary" || true; } | sort -k3 -rn
grep '^total' <<< "$summary"
