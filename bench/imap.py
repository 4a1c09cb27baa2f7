#!/usr/bin/env python3
"""IMAP benchmark (issue 5): the same scripted workload (bench/imap_workload.py) against villhop's IMAP server and
against Dovecot, on this machine, in one run; and N idle connections in IDLE against villhop with its memory
measured. Run it through bench/imap.sh (installs dovecot-imapd when missing).

Both servers get a throw-away configuration on 127.0.0.1 (implicit TLS with the sample localhost certificate, one
user with a password), an empty INBOX filled with the same --messages messages by APPEND over 4 connections, then the
workload's steps. Dovecot: its own base_dir, state_dir and log under the temporary directory, a passwd-file user,
Maildir in the temporary directory. villhop: see VillhopImap below. Everything started is stopped at the end.
"""
import argparse
import imaplib
import json
import resource
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ left in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imap_workload  # noqa: E402
from benchlib import (JFR_OPTIONS, ROOT, descendants, free_port, java_home, jfr_profile, jfr_start,  # noqa: E402
                      jfr_stop, log, MemorySampler, Processes, run, status_kb, wait_for_port)

BENCH = os.path.join(ROOT, "bench")
SAMPLE = os.path.join(ROOT, "certs-sample")
PASSWORD_FILE = os.path.join(SAMPLE, "PASSWORD.txt")
CA = os.path.join(SAMPLE, "ca", "root.pem")
USER = "secretariat@ch-lens.mssante.test"


class Dovecot:
    user = USER

    def __init__(self, processes, work):
        self.processes = processes
        self.dir = os.path.join(work, "dovecot")
        for sub in ("run", "state", "mail"):
            os.makedirs(os.path.join(self.dir, sub))
        shutil.chown(os.path.join(self.dir, "mail"), "dovecot", "dovecot")
        self.port = free_port()
        password = open(PASSWORD_FILE).readline().strip()
        with open(os.path.join(self.dir, "users"), "w") as f:
            f.write(f"{USER}:{{PLAIN}}{password}::::::\n")
        self.config = os.path.join(self.dir, "dovecot.conf")
        with open(self.config, "w") as f:
            f.write(f"""# throw-away Dovecot for bench/imap.py: loopback only, implicit TLS, one passwd-file user
protocols = imap
listen = 127.0.0.1
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.dir}/dovecot.log
instance_name = villhop-bench-dovecot
first_valid_uid = 1
mail_location = maildir:{self.dir}/mail/%u
ssl = required
ssl_cert = <{SAMPLE}/identities/localhost.chain.pem
ssl_key = <{SAMPLE}/identities/localhost.key.pem
ssl_key_password = {password}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.dir}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={self.dir}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
  }}
  # "high-performance mode" (Dovecot's recommendation for busy servers): long-lived login processes, one per core
  service_count = 0
  process_min_avail = {os.cpu_count()}
  client_limit = 12000
}}
service imap {{
  process_limit = 12000
  client_limit = 1
}}
default_client_limit = 12000
protocol imap {{
  mail_max_userip_connections = 12000
}}
""")
        self.process = None

    def start(self):
        self.process = self.processes.start(["dovecot", "-F", "-c", self.config],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.processes.on_stop(self.stop)
        wait_for_port(self.port, 30, self.process)

    def version(self):
        return run(["dovecot", "--version"]).strip()

    def pids(self):
        return descendants(self.process.pid)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.processes.stop(self.process, timeout=60)


class VillhopImap:
    """villhop's IMAP server (org.villhop.imap over the SQLite mailbox store) alone in one JVM: bench/ImapServe.java
    on villhop's class path, implicit TLS with the sample localhost certificate, one user."""

    user = USER

    def __init__(self, processes, work, java_opts):
        self.processes = processes
        self.dir = os.path.join(work, type(self).__name__)
        os.makedirs(os.path.join(self.dir, "data"))
        self.port = free_port()
        self.java = os.path.join(java_home(), "bin", "java")
        self.jcmd = os.path.join(java_home(), "bin", "jcmd")
        self.java_opts = java_opts.split()
        self.process = None

    def start(self):
        lib = os.path.join(ROOT, "cli", "target")
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.process = self.processes.start(
            [self.java, *self.java_opts, "--enable-native-access=ALL-UNNAMED",
             "-cp", f"{lib}/villhop.jar:{lib}/lib/*", os.path.join(BENCH, "ImapServe.java"),
             "--data", os.path.join(self.dir, "data"), "--port", str(self.port), "--user", USER,
             "--password-file", PASSWORD_FILE, "--keystore", os.path.join(SAMPLE, "identities", "localhost.p12"),
             "--keystore-password-file", PASSWORD_FILE], stdout=self.log, stderr=subprocess.STDOUT)
        self.processes.on_stop(self.stop)
        wait_for_port(self.port, 120, self.process)

    def version(self):
        return f"(git {run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD']).strip()}, JVM options " \
               f"{' '.join(self.java_opts) or 'none'})"

    def pids(self):
        return [self.process.pid]

    def heap(self, collect=False):
        """The JVM's heap use in MB as jcmd GC.heap_info reports it (after a full GC when collect)."""
        if collect:
            run([self.jcmd, str(self.process.pid), "GC.run"], timeout=120)
        text = run([self.jcmd, str(self.process.pid), "GC.heap_info"], timeout=60)
        match = re.search(r"committed (\d+)K, used (\d+)K", text)
        if match is None:
            return text.strip()
        return f"heap used {int(match.group(2)) / 1024:.0f} MB of {int(match.group(1)) / 1024:.0f} MB committed"

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.processes.stop(self.process, timeout=60)
            self.log.close()


class VillhopServe(VillhopImap):
    """`villhop serve` (the whole gateway) with a throw-away configuration whose only listener is imaps; the user
    logs in with its gateway user name, checked by the gateway's user directory (PBKDF2 password hashes)."""

    user = "secretariat"

    def __init__(self, processes, work, java_opts):
        super().__init__(processes, work, java_opts)
        self.config = os.path.join(self.dir, "villhop.yaml")
        with open(self.config, "w") as f:
            f.write(f"""# throw-away villhop configuration for bench/imap.py
hostname: villhop.bench.test
data-dir: {self.dir}/data
local-domains:
  - ch-lens.mssante.test
tls:
  protocols: [TLSv1.3, TLSv1.2]
  keystore: {SAMPLE}/identities/localhost.p12
  keystore-password-file: {PASSWORD_FILE}
  trust-anchors:
    - {SAMPLE}/ca/root.pem
listeners:
  - name: imaps
    kind: imaps
    address: 127.0.0.1
    port: {self.port}
users:
  - name: secretariat
    password-file: {PASSWORD_FILE}
    addresses: [{USER}]
limits:
  connections-total: 20000
  connections-per-ip: 20000
""")
        run([os.path.join(ROOT, "villhop"), "config", "check", self.config], cwd=ROOT)

    def start(self):
        env = dict(os.environ, VILLHOP_JAVA_OPTS=" ".join(self.java_opts))
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = self.processes.start([os.path.join(ROOT, "villhop"), "serve", "--config", self.config],
                                            cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.processes.on_stop(self.stop)
        wait_for_port(self.port, 180, self.process)

    def version(self):
        return "(villhop serve, " + super().version()[1:]


def small_mailbox(port, user, name, count):
    """Creates mailbox `name` holding `count` messages (for idle connections that do not all select INBOX)."""
    context = ssl.create_default_context(cafile=CA)
    with imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=60) as imap:
        imap.login(user, open(PASSWORD_FILE).readline().strip())
        imap.create(name)
        for n in range(count):
            imap.append(name, None, None, imap_workload.message(2_000_000 + n))
        imap.logout()


def idle(server, count, mailbox, args):
    """count connections in IDLE on mailbox against server; its memory; the time until all see one new message."""
    try:
        baseline = server.heap(collect=True)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        baseline = f"jcmd failed: {e}"
    log(f"idle: before the clients, after a full GC: {baseline}")
    log(f"idle: opening {count} connections that SELECT {mailbox} and IDLE")
    client = server.processes.start(
        [sys.executable, os.path.join(BENCH, "imap_idle.py"), "--port", str(server.port), "--cafile", CA,
         "--user", server.user, "--password-file", PASSWORD_FILE, "--connections", str(count), "--mailbox", mailbox],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rss_before = status_kb(server.process.pid, "VmRSS")
    ready = json.loads(client.stdout.readline() or '{"ready": 0, "failed": -1}')
    log(f"idle: {ready['ready']} connections in IDLE ({ready['failed']} failed {ready.get('first_failures')}, "
        f"{ready.get('abandoned')} not open at the deadline) "
        f"after {ready.get('seconds')} s")
    rss = status_kb(server.process.pid, "VmRSS")
    try:
        heap = server.heap()
        heap_live = server.heap(collect=True)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        heap = heap_live = f"jcmd failed: {e}"
    rss_after_gc = status_kb(server.process.pid, "VmRSS")
    log(f"idle: villhop JVM with {ready['ready']} idle connections: RSS {rss / 1024:.0f} MB (before the clients: "
        f"{rss_before / 1024:.0f} MB); {heap}; after a full GC: {heap_live}, RSS {rss_after_gc / 1024:.0f} MB; "
        f"peak RSS (VmHWM) {status_kb(server.process.pid, 'VmHWM') / 1024:.0f} MB")
    client.stdin.write("go\n")
    client.stdin.flush()
    notified = json.loads(client.stdout.readline() or "{}")
    log(f"idle: one APPEND from another connection: {notified}")
    client.wait(args.timeout)
    server.processes.stop(client)


def workload(port, args, fill=0, user=USER):
    command = [sys.executable, os.path.join(BENCH, "imap_workload.py"), "--port", str(port), "--cafile", CA,
               "--user", user, "--password-file", PASSWORD_FILE, "--json"]
    if fill:
        command += ["--fill", str(fill)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    if result.returncode != 0:
        raise RuntimeError(f"workload failed: {result.stderr.strip()[-1500:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def median_step(runs):
    """The run of one step with the median rate among the measured rounds."""
    ordered = sorted(runs, key=lambda step: step["rate"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["detail"] = (chosen["detail"] or "") + f" (median of {len(runs)} rounds: " \
        + " ".join(f"{step['rate']:.0f}" for step in runs) + ")"
    return chosen


def measure(name, server, args, profile=None):
    """Fills INBOX, runs the workload's steps (warm-up rounds, then measured rounds); with profile (villhop): a JFR
    recording of the rounds only."""
    with MemorySampler(server.pids) as sampler:
        filled = workload(server.port, args, fill=args.messages, user=server.user)
        log(f"{name}: filled INBOX with {args.messages} messages by APPEND in {filled[0]['seconds']:.1f} s "
            f"({filled[0]['rate']:.0f}/s)")
        for number in range(1, args.warmup + 1):
            warm = workload(server.port, args, user=server.user)
            log(f"{name}: warm-up round {number}: "
                + ", ".join(f"{step['step']} {step['rate']:.0f}/s" for step in warm))
        if profile:
            jfr_start(server.process.pid)
        rounds = []
        for number in range(1, args.rounds + 1):
            rounds.append(workload(server.port, args, user=server.user))
            log(f"{name}: round {number}: " + ", ".join(f"{s['step']} {s['rate']:.0f}/s" for s in rounds[-1]))
        steps = filled + [median_step([r[i] for r in rounds]) for i in range(len(rounds[0]))]
        if profile:
            jfr_stop(server.process.pid, profile)
    for step in steps[1:]:
        log(f"{name}: {step['step']:14} {step['operations']:6} {step['unit']:8} {step['seconds']:7.2f} s "
            f"{step['rate']:9.1f}/s  {step['detail'] or ''}")
    log(f"{name}: peak memory of its {sampler.peak_processes} processes: RSS {sampler.peak_rss_kb / 1024:.0f} MB, "
        f"PSS {sampler.peak_pss_kb / 1024:.0f} MB")
    return {s["step"]: s for s in steps}


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--idle", type=int, default=10_000,
                   help="connections in IDLE against villhop on the big INBOX after the workload (0: skip)")
    p.add_argument("--idle-small", type=int, default=0,
                   help="then connections in IDLE on a 20-message mailbox (0: skip)")
    p.add_argument("--servers", default="dovecot,villhop")
    p.add_argument("--java-opts", default="-Xmx1g", help="JVM options of villhop's IMAP server")
    p.add_argument("--profile", action="store_true", help="JFR recording of villhop during the workload, summarised")
    p.add_argument("--warmup", type=int, default=10,
                   help="unmeasured workload rounds per server first (caches; the JVM's just-in-time compiler)")
    p.add_argument("--rounds", type=int, default=3,
                   help="measured workload rounds per server, after the warm-up rounds; the median is reported")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    servers = args.servers.split(",")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the servers started here inherit it
    processes = Processes()
    work = tempfile.mkdtemp(prefix="villhop-imap-bench-")
    os.chmod(work, 0o755)
    if not args.keep:
        processes.on_stop(lambda: shutil.rmtree(work, ignore_errors=True))
    log(f"work directory {work}; {os.cpu_count()} cores, load average {load()}")
    results = {}
    if "dovecot" in servers:
        dovecot = Dovecot(processes, work)
        dovecot.start()
        log(f"dovecot {dovecot.version()} on 127.0.0.1:{dovecot.port} (implicit TLS)")
        results["dovecot"] = measure("dovecot", dovecot, args)
        dovecot.stop()
    for name in [n for n in servers if n in ("villhop", "villhop-serve")]:
        run([os.path.join(ROOT, "build")], cwd=ROOT, timeout=900)
        recording = os.path.join(work, f"{name}-imap.jfr")
        kind = VillhopServe if name == "villhop-serve" else VillhopImap
        villhop = kind(processes, work, args.java_opts + (f" {JFR_OPTIONS}" if args.profile else ""))
        villhop.start()
        log(f"villhop IMAP {villhop.version()} on 127.0.0.1:{villhop.port} (implicit TLS)")
        results[name] = measure(name, villhop, args, profile=recording if args.profile else None)
        if args.profile:
            for line in jfr_profile(recording):
                log(f"villhop profile: {line}")
        if args.idle:
            idle(villhop, args.idle, "INBOX", args)
        if args.idle_small:
            small_mailbox(villhop.port, villhop.user, "Idle", 20)
            idle(villhop, args.idle_small, "Idle", args)
        villhop.stop()
    print()
    names = list(results)
    others = [n for n in names if n != "dovecot"] if "dovecot" in results else []
    print(f"{'step':14} {'unit':9}" + "".join(f"{n + ' /s':>16}" for n in names)
          + "".join(f"{n + '/dovecot':>24}" for n in others))
    for step in results[names[0]]:
        line = f"{step:14} {results[names[0]][step]['unit']:9}" \
            + "".join(f"{results[n][step]['rate']:16.1f}" for n in names)
        line += "".join(f"{results[n][step]['rate'] / results['dovecot'][step]['rate']:24.2f}" for n in others)
        print(line)
    print(f"load average at the end: {load()}")
    processes.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
