#!/usr/bin/env bash
# IMAP benchmark of issue 5 (the only IMAP bench): the same Python imaplib workload (bench/imap_workload.py) against
# villhop's IMAP server (bench/ImapServe.java) and Dovecot on this machine, then 10 000 connections in IDLE on the
# big INBOX against villhop (bench/imap_idle.py) with its memory measured.
#   bench/imap.sh [--messages 10000] [--rounds 3] [--idle 10000] [--servers dovecot,villhop] [--profile] [--keep]
# Installs Debian's dovecot-imapd when missing (the system instance is not started: only a throw-away one on
# 127.0.0.1, in a temporary directory, stopped at the end). Needs root (Dovecot's processes change user).
# Details: bench/imap.py --help, docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v dovecot >/dev/null; then
  # Keep the package from starting the system-wide Dovecot (it would listen on every address): a temporary
  # policy-rc.d denies service starts during the installation, as in container images.
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    created_policy=yes
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >/dev/null
  if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
fi
ulimit -n "$(ulimit -Hn)"   # 10 000 idle connections: one descriptor each in the server and in the client
exec python3 "$root/bench/imap.py" "$@"
