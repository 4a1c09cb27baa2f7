#!/usr/bin/env python3
"""Relay benchmark (issue 3): the same load through villhop (sign + encrypt) and through Postfix (no crypto) to the
same counting sink, on this machine, in one run. Run it through bench/relay.sh (installs postfix when missing).

Phases, each with N messages of SIZE bytes over C SMTP connections (bench/smtp-acceptance.py as the client):
  sink     client -> sink directly: the sink's (and client's) own capacity, measured first
  postfix  client -> Postfix (throw-away config and queue on loopback, relayhost = the sink, no TLS) -> sink
  postfix-tls  the same with what villhop's phase does besides S/MIME: STARTTLS + AUTH PLAIN from the client (Cyrus
           SASL, a sasldb of its own) and verified TLS to the sink with connection reuse (tlsproxy); not run by default
  villhop  client -> villhop serve (submission with STARTTLS + AUTH as sortie@ch-lens.mssante.test; signs with
           sortie's certificate, encrypts for dr.martin@medecins.mssante.test whose certificate is in the directory;
           relay host = the sink, over verified TLS) -> sink; and, unless --sent-copy off, a copy of each
           message in sortie's Sent folder (a per-user setting, on by default; Postfix keeps no such copy)
  big      one message of BIG bytes through villhop started with VILLHOP_JAVA_OPTS=-Xmx256m
For each: messages/s from the first submission to the last arrival at the sink, p50/p99 of acceptance (the
client's 250) -> arrival at the sink, matched by Message-ID, and peak memory (villhop: the JVM's VmHWM; Postfix: peak
of the summed RSS/PSS of all its processes), and the CPU time taken by the server, the sink and the client, which
share the machine's cores. Everything runs on 127.0.0.1 in a temporary directory, removed at the
end (--keep keeps it); every process started is stopped, also on Ctrl-C.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ left in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (JFR_OPTIONS, ROOT, cpu_seconds, descendants, free_port, jfr_profile, tree_cpu_seconds,  # noqa: E402
                      jfr_start, jfr_stop, log, MemorySampler, percentile, Processes, run,
                      status_kb, wait_for_port)

BENCH = os.path.join(ROOT, "bench")
SAMPLE = os.path.join(ROOT, "certs-sample")
PASSWORD_FILE = os.path.join(SAMPLE, "PASSWORD.txt")
SENDER = "sortie@ch-lens.mssante.test"
RECIPIENT = "dr.martin@medecins.mssante.test"


class Sink:
    def __init__(self, processes, work):
        self.record = os.path.join(work, "arrivals.tsv")
        self.sample = os.path.join(work, "villhop-sample.eml")
        self.process = processes.start(
            [sys.executable, os.path.join(BENCH, "smtp_sink.py"), "--port", "0", "--record", self.record,
             "--tls-cert", os.path.join(SAMPLE, "identities", "localhost.chain.pem"),
             "--tls-key", os.path.join(SAMPLE, "identities", "localhost.key.pem"),
             "--tls-password-file", PASSWORD_FILE, "--save-tag", "villhop-", "--save", self.sample],
            stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"the sink did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])

    def arrivals(self, tag):
        found = {}
        if os.path.exists(self.record):
            with open(self.record) as f:
                for line in f:
                    fields = line.rstrip("\n").split("\t")
                    # TAG-N@bench.test: the digit keeps phase "postfix" from counting "postfix-tls-N"
                    own = fields[0].startswith(tag + "-") and fields[0][len(tag) + 1:][:1].isdigit()
                    if len(fields) == 4 and own:
                        found[fields[0]] = (float(fields[1]), int(fields[2]), fields[3])
        return found

    def wait(self, tag, count, timeout):
        deadline = time.monotonic() + timeout
        while True:
            found = self.arrivals(tag)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def cpu(self):
        return cpu_seconds(self.process.pid)


class Postfix:
    """Postfix with its own main.cf/master.cf, queue and data directories under WORK/postfix."""

    def __init__(self, processes, work, sink_port, tls=False):
        self.processes = processes
        self.dir = os.path.join(work, "postfix-tls" if tls else "postfix")
        self.conf = os.path.join(self.dir, "conf")
        for sub in ("conf", "queue", "data"):
            os.makedirs(os.path.join(self.dir, sub))
        shutil.chown(os.path.join(self.dir, "data"), "postfix")
        self.port = free_port()
        with open(os.path.join(self.conf, "main.cf"), "w") as f:
            f.write(f"""# throw-away Postfix for bench/relay.py: loopback only, relays everything to the sink
compatibility_level = 3.6
queue_directory = {self.dir}/queue
data_directory = {self.dir}/data
myhostname = postfix.bench.test
mydomain = bench.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:{sink_port}
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
message_size_limit = 200000000
maillog_file_prefixes = {self.dir}
maillog_file = {self.dir}/maillog
alias_maps =
alias_database =
local_recipient_maps =
biff = no
""")
            if not tls:
                f.write("smtp_tls_security_level = none\nsmtpd_tls_security_level = none\n")
            else:
                f.write(self.tls_settings(sink_port))
        services = ["pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
                    "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
                    "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                    "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap",
                    "smtp unix - - n - - smtp", "relay unix - - n - - smtp", "showq unix n - n - - showq",
                    "error unix - - n - - error", "retry unix - - n - - error", "discard unix - - n - - discard",
                    "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                    "postlog unix-dgram n - n - 1 postlogd"]
        if tls:
            services += ["tlsmgr unix - - n 1000? 1 tlsmgr", "tlsproxy unix - - n - 0 tlsproxy"]
        with open(os.path.join(self.conf, "master.cf"), "w") as f:
            f.write(f"127.0.0.1:{self.port} inet n - n - - smtpd\n" + "\n".join(services) + "\n")
        self.process = None

    def tls_settings(self, sink_port):
        """What villhop's phase does besides S/MIME: STARTTLS and AUTH PLAIN (Cyrus SASL, a sasldb of its own) for
        the client, and verified TLS (the sample root, name localhost) with connection reuse to the sink."""
        key = os.path.join(self.conf, "localhost.key")
        run(["openssl", "pkey", "-in", os.path.join(SAMPLE, "identities", "localhost.key.pem"), "-passin",
             f"file:{PASSWORD_FILE}", "-out", key])
        os.chmod(key, 0o600)
        sasl = os.path.join(self.conf, "sasl")  # Debian's Postfix reads $config_directory/sasl/smtpd.conf
        os.makedirs(sasl)
        sasldb = os.path.join(sasl, "sasldb2")
        with open(PASSWORD_FILE) as f:
            password = f.readline().strip()
        subprocess.run(["saslpasswd2", "-c", "-p", "-f", sasldb, "-u", "bench.test", "sortie"], input=password,
                       text=True, check=True, timeout=60)
        shutil.chown(sasldb, "postfix")
        with open(os.path.join(sasl, "smtpd.conf"), "w") as f:
            f.write(f"pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: {sasldb}\n")
        chain = os.path.join(SAMPLE, "identities", "localhost.chain.pem")
        return f"""smtpd_tls_security_level = may
smtpd_tls_chain_files = {key}, {chain}
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
smtpd_sasl_local_domain = bench.test
smtp_tls_security_level = verify
smtp_tls_CAfile = {os.path.join(SAMPLE, "ca", "root.pem")}
smtp_tls_policy_maps = inline:{{ {{ [127.0.0.1]:{sink_port} = verify match=localhost }} }}
smtp_tls_connection_reuse = yes
smtp_tls_session_cache_database = btree:{self.dir}/data/smtp_scache
"""

    def start(self):
        run(["postfix", "-c", self.conf, "check"])
        self.process = self.processes.start(["postfix", "-c", self.conf, "start-fg"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.on_stop(self.stop)
        wait_for_port(self.port, 30, self.process)

    def pids(self):
        return descendants(self.process.pid)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            subprocess.run(["postfix", "-c", self.conf, "stop"], capture_output=True, timeout=60)
            self.processes.stop(self.process)


class Villhop:
    """`villhop serve` with a throw-away data directory and configuration under WORK/NAME."""

    def __init__(self, processes, work, name, sink_port, java_opts=None, sent_copy=True):
        self.processes = processes
        self.dir = os.path.join(work, name)
        self.data = os.path.join(self.dir, "data")
        os.makedirs(self.data)
        self.port = free_port()
        self.java_opts = java_opts
        run([os.path.join(ROOT, "villhop"), "cert", "import", "--data", self.data, "--password-file",
             PASSWORD_FILE, os.path.join(SAMPLE, "identities", "sortie.ch-lens.p12")], cwd=ROOT)
        run([os.path.join(ROOT, "villhop"), "directory", "add", "--data", self.data,
             os.path.join(SAMPLE, "identities", "dr.martin.pem")], cwd=ROOT)
        self.config = os.path.join(self.dir, "villhop.yaml")
        with open(self.config, "w") as f:
            f.write(f"""# throw-away villhop configuration for bench/relay.py
hostname: villhop.bench.test
data-dir: {self.data}
local-domains:
  - ch-lens.mssante.test
tls:
  protocols: [TLSv1.3, TLSv1.2]
  keystore: {SAMPLE}/identities/localhost.p12
  keystore-password-file: {PASSWORD_FILE}
  trust-anchors:
    - {SAMPLE}/ca/root.pem
  crls:
    - {SAMPLE}/crl/root.crl.pem
    - {SAMPLE}/crl/intermediate.crl.pem
listeners:
  - name: submission
    kind: submission
    address: 127.0.0.1
    port: {self.port}
users:
  - name: sortie
    password-file: {PASSWORD_FILE}
    addresses: [{SENDER}]
    sent-copy: {"true" if sent_copy else "false"}
delivery:
  relay-host: 127.0.0.1:{sink_port}
  relay-tls: required-verified
  max-connections-per-destination: 8
security:
  trust-space:
    - mssante.test
    - "*.mssante.test"
  default-policy: encrypt-required
limits:
  message-size: 200MB
  connections-per-ip: 100
""")
        run([os.path.join(ROOT, "villhop"), "config", "check", self.config], cwd=ROOT)
        self.process = None

    def start(self):
        env = dict(os.environ)
        if self.java_opts:
            env["VILLHOP_JAVA_OPTS"] = self.java_opts
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = self.processes.start([os.path.join(ROOT, "villhop"), "serve", "--config", self.config],
                                            cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.processes.on_stop(self.stop)
        wait_for_port(self.port, 180, self.process)

    def pids(self):
        return descendants(self.process.pid)

    def peak_rss_kb(self):
        """VmHWM: the kernel's own record of the JVM's peak resident set (the script execs java: same pid)."""
        return max(status_kb(pid, "VmHWM") for pid in self.pids())

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is not None and not self.log.closed:
            self.log.close()
            with open(self.log.name) as f:
                tail = f.readlines()[-15:]
            log(f"villhop serve had exited by itself (status {self.process.returncode}); the end of its log:\n"
                + "".join(tail))
        elif self.process.poll() is None:
            self.processes.stop(self.process, timeout=60)
            self.log.close()


def submit(work, port, tag, args, count, size, connections, tls_user=False):
    record = os.path.join(work, f"accepted-{tag}.tsv")
    command = [sys.executable, os.path.join(BENCH, "smtp-acceptance.py"), "--host", "127.0.0.1", "--port", str(port),
               "--messages", str(count), "--size", str(size), "--connections", str(connections),
               "--per-connection", str(args.per_connection), "--tag", tag, "--record", record,
               "--sender", SENDER, "--recipient", RECIPIENT]
    if tls_user:
        command += ["--starttls", "--cafile", os.path.join(SAMPLE, "ca", "root.pem"), "--user", "sortie",
                    "--password-file", PASSWORD_FILE]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # only the client was reaped in between
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = (result.stdout.strip() or result.stderr.strip()).splitlines()[-1:] or ["(no output)"]
    accepted = {}
    if os.path.exists(record):
        with open(record) as f:
            for row in f:
                message_id, start, end = row.split("\t")
                accepted[message_id] = (float(start), float(end))
    return accepted, line[0], client_cpu


def measure(name, sink, accepted, client_line, args, count, memory_note=""):
    arrivals = sink.wait(name, len(accepted), args.timeout) if accepted else {}
    result = {"name": name, "client": client_line, "accepted": len(accepted), "arrived": len(arrivals),
              "memory": memory_note}
    if accepted and arrivals:
        first = min(start for start, _ in accepted.values())
        last = max(t for t, _, _ in arrivals.values())
        latencies = [arrivals[m][0] - accepted[m][1] for m in accepted if m in arrivals]
        result.update(rate=len(arrivals) / (last - first), span=last - first,
                      p50=percentile(latencies, 50) * 1000, p99=percentile(latencies, 99) * 1000,
                      types=sorted({t for _, _, t in arrivals.values()}),
                      sizes=sorted({s for _, s, _ in arrivals.values()}))
    return result


def show(result):
    log(f"{result['name']}: client: {result['client']}")
    if "rate" in result:
        log(f"{result['name']}: {result['arrived']}/{result['accepted']} accepted messages arrived at the sink in "
            f"{result['span']:.1f} s: {result['rate']:.1f} msg/s; acceptance -> arrival p50 {result['p50']:.0f} ms, "
            f"p99 {result['p99']:.0f} ms; at the sink: Content-Type {', '.join(result['types'])}, "
            f"{min(result['sizes'])}..{max(result['sizes'])} bytes {result['memory']}")
    else:
        log(f"{result['name']}: nothing measured ({result['accepted']} accepted, {result['arrived']} arrived)")


def verify_sample(path):
    """Decrypts the saved villhop message with dr.martin's key and verifies sortie's signature with openssl."""
    if not os.path.exists(path):
        return "no villhop message saved at the sink"
    key = os.path.join(SAMPLE, "identities", "dr.martin.key.pem")
    decrypt = subprocess.run(["openssl", "cms", "-decrypt", "-in", path, "-inkey", key, "-passin",
                              f"file:{PASSWORD_FILE}", "-recip", os.path.join(SAMPLE, "identities", "dr.martin.pem")],
                             capture_output=True, timeout=120)
    if decrypt.returncode != 0:
        return f"openssl cms -decrypt failed: {decrypt.stderr.decode(errors='replace').strip()[:300]}"
    verify = subprocess.run(["openssl", "cms", "-verify", "-CAfile", os.path.join(SAMPLE, "ca", "root.pem"),
                             "-certfile", os.path.join(SAMPLE, "ca", "intermediate.pem"), "-out", "/dev/null"],
                            input=decrypt.stdout, capture_output=True, timeout=120)
    return (f"openssl: decrypted with dr.martin's key ({len(decrypt.stdout)} bytes), signature: "
            f"{(verify.stderr or verify.stdout).decode(errors='replace').strip()[:200]}")


def compiler_cpu_seconds(pids):
    """CPU time of the JIT compiler threads (HotSpot's "C1/C2 CompilerThread") of the given processes, in seconds."""
    total = 0
    for pid in pids:
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                if "CompilerThre" in stat[stat.index("("):stat.rindex(")")]:
                    fields = stat[stat.rindex(")") + 2:].split()
                    total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--messages", type=int, default=1000)
    p.add_argument("--size", type=int, default=100 * 1024)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--per-connection", type=int, default=50, help="messages per SMTP connection")
    p.add_argument("--big-size", type=int, default=50 * 1024 * 1024, help="the -Xmx256m message (0: skip)")
    p.add_argument("--phases", default="sink,postfix,villhop,big")
    p.add_argument("--timeout", type=float, default=900, help="seconds each phase may take at most")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--warmup", type=int, default=0,
                   help="messages sent through each server (Postfix and villhop alike) before its measured phase, "
                        "so that the JVM's JIT compilation is not counted (0: a cold start)")
    p.add_argument("--profile", action="store_true", help="JFR recording of villhop's phase, summarised")
    p.add_argument("--sent-copy", choices=["on", "off"], default="on",
                   help="villhop files each submitted message in the sender's Sent folder (on, the default of a "
                        "user); off measures the relay alone, as Postfix does no such copy")
    args = p.parse_args()
    phases = args.phases.split(",")

    processes = Processes()
    work = tempfile.mkdtemp(prefix="villhop-relay-bench-")
    os.chmod(work, 0o755)  # Postfix's unprivileged processes must reach their queue below it
    if not args.keep:
        processes.on_stop(lambda: shutil.rmtree(work, ignore_errors=True))
    log(f"work directory {work}; {os.cpu_count()} cores, load average {load()}")
    results = []
    sink = Sink(processes, work)
    log(f"sink on 127.0.0.1:{sink.port}")

    def phase(name, target_port, tls_user, count, size, connections, sampler_pids=None, warmup=0,
              on_measure=None):
        if warmup > 0:
            warm = "warmup_" + name  # not a prefix of NAME-: the measured phase never counts these
            accepted, line, _ = submit(work, target_port, warm, args, warmup, size, connections, tls_user)
            arrived = sink.wait(warm, len(accepted), args.timeout)
            log(f"{name}: warm-up (not measured): {len(arrived)}/{len(accepted)} arrived; client: {line}")
        if on_measure:
            on_measure()
        compile_before = compiler_cpu_seconds(sampler_pids()) if sampler_pids else 0
        cpu_before = sink.cpu()
        server_cpu_before = tree_cpu_seconds(sampler_pids()) if sampler_pids else 0
        started = time.monotonic()
        with MemorySampler(sampler_pids or (lambda: [])) as sampler:
            accepted, line, client_cpu = submit(work, target_port, name, args, count, size, connections, tls_user)
            result = measure(name, sink, accepted, line, args, count)
        result["client_cpu"] = client_cpu
        wall = time.monotonic() - started
        result["sink_cpu"] = sink.cpu() - cpu_before
        result["sampler"] = sampler
        log(f"{name}: sink CPU {result['sink_cpu']:.1f} s, client CPU {client_cpu:.1f} s over {wall:.1f} s wall; "
            f"load average {load()}")
        if sampler_pids:
            server_cpu = tree_cpu_seconds(sampler_pids()) - server_cpu_before
            result["server_cpu_ms"] = 1000 * server_cpu / max(1, result["arrived"])
            compile_cpu = compiler_cpu_seconds(sampler_pids()) - compile_before
            log(f"{name}: server CPU {server_cpu:.1f} s ({result['server_cpu_ms']:.1f} ms per message) over "
                f"{wall:.1f} s wall; of which JIT compiler threads {compile_cpu:.1f} s")
        return result

    if "sink" in phases:
        result = phase("sink", sink.port, False, args.messages, args.size, args.connections)
        show(result)
        results.append(result)

    for name in ("postfix", "postfix-tls"):
        if name not in phases:
            continue
        tls = name == "postfix-tls"
        postfix = Postfix(processes, work, sink.port, tls)
        postfix.start()
        log(f"{name}: postfix {run(['postconf', '-d', '-h', 'mail_version']).strip()} on 127.0.0.1:{postfix.port}"
            f"{' (STARTTLS + AUTH, verified TLS to the sink)' if tls else ' (no TLS)'}")
        result = phase(name, postfix.port, tls, args.messages, args.size, args.connections, postfix.pids,
                       args.warmup)
        s = result["sampler"]
        result["memory"] = (f"; Postfix peak memory: RSS summed over {s.peak_processes} processes "
                            f"{s.peak_rss_kb / 1024:.0f} MB, PSS {s.peak_pss_kb / 1024:.0f} MB")
        show(result)
        results.append(result)
        postfix.stop()

    if "villhop" in phases:
        recording = os.path.join(work, "villhop-relay.jfr")
        villhop = Villhop(processes, work, "villhop", sink.port, java_opts=JFR_OPTIONS if args.profile else None,
                          sent_copy=args.sent_copy == "on")
        villhop.start()
        log(f"villhop serve on 127.0.0.1:{villhop.port} (submission)")
        result = phase("villhop", villhop.port, True, args.messages, args.size, args.connections, villhop.pids,
                       args.warmup, (lambda: jfr_start(villhop.process.pid)) if args.profile else None)
        result["memory"] = f"; villhop peak RSS (VmHWM) {villhop.peak_rss_kb() / 1024:.0f} MB"
        show(result)
        log(f"villhop: {verify_sample(sink.sample)}")
        results.append(result)
        if args.profile:
            jfr_stop(villhop.process.pid, recording)
        villhop.stop()
        if args.profile:
            for line in jfr_profile(recording):
                log(f"villhop profile: {line}")

    if "big" in phases and args.big_size > 0:
        villhop = Villhop(processes, work, "villhop-big", sink.port, java_opts="-Xmx256m")
        villhop.start()
        log(f"villhop serve with VILLHOP_JAVA_OPTS=-Xmx256m on 127.0.0.1:{villhop.port}")
        result = phase("big", villhop.port, True, 1, args.big_size, 1, villhop.pids)
        result["memory"] = f"; villhop peak RSS (VmHWM) {villhop.peak_rss_kb() / 1024:.0f} MB with -Xmx256m"
        show(result)
        results.append(result)
        villhop.stop()

    by_name = {r["name"]: r for r in results}
    print()
    print(f"{'phase':11} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'arrived':>9}  {'sink CPU s':>10}  "
          f"{'client CPU s':>12}  server CPU ms/msg")
    for r in results:
        if "rate" in r:
            print(f"{r['name']:11} {r['rate']:8.1f} {r['p50']:8.0f} {r['p99']:8.0f} "
                  f"{r['arrived']:>4}/{r['accepted']:<4}  {r['sink_cpu']:10.1f}  {r['client_cpu']:12.1f}  "
                  f"{r.get('server_cpu_ms', float('nan')):.1f}")
        else:
            print(f"{r['name']:11} {'-':>8} {'-':>8} {'-':>8} {r['arrived']:>4}/{r['accepted']:<4}")
    peers = {"postfix": "Postfix (no crypto, no TLS)", "postfix-tls": "Postfix (TLS in and out, AUTH, no S/MIME)"}
    for peer, label in peers.items():
        if "rate" in by_name.get("villhop", {}) and "rate" in by_name.get(peer, {}):
            print(f"ratio villhop (sign + encrypt + TLS) / {label}: "
                  f"{by_name['villhop']['rate'] / by_name[peer]['rate']:.2f} (target >= 1)")
    print(f"load average at the end: {load()}")
    processes.stop_all()
    return 0 if all(r["arrived"] == r["accepted"] and r["accepted"] > 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
