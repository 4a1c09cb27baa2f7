#!/usr/bin/env bash
# Relay benchmark of issue 3: villhop (sign + encrypt) next to Postfix (no crypto), same sink, same machine.
#   bench/relay.sh [--messages 1000] [--size 102400] [--connections 8] [--phases sink,postfix,villhop,big] [--keep]
# Installs Debian's postfix (without configuring or starting the system instance) and openssl when missing; needs
# root (Postfix's daemons drop to the postfix user). Everything listens on 127.0.0.1 only and is stopped at the end.
# Details: bench/relay.py --help, docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
missing=()
command -v postfix >/dev/null || missing+=(postfix)
command -v openssl >/dev/null || missing+=(openssl)
command -v saslpasswd2 >/dev/null || missing+=(sasl2-bin)   # the postfix-tls phase's AUTH
if [ ${#missing[@]} -gt 0 ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
(cd "$root" && ./build >/dev/null)   # build villhop before anything is timed
exec python3 "$root/bench/relay.py" "$@"
