"""Shared helpers of the benchmark drivers (bench/relay.py, bench/imap.py): processes they start and always stop,
free loopback ports, memory of processes from /proc, percentiles. Standard library only."""
import atexit
import ctypes
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.sysconf("SC_PAGE_SIZE")


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port():
    """A loopback port nobody listens on (chosen by the kernel, released at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process {process.args[0]} exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[p - 1]


class Processes:
    """Every process a driver starts; stopped (TERM, then KILL) at exit, on error and on SIGINT/SIGTERM.

    The driver becomes a child subreaper, so that daemons' orphans (Postfix's and Dovecot's workers) are reaped by
    it rather than left as zombies; reap() collects them at the end."""

    def __init__(self):
        self.started = []
        self.stoppers = []
        try:
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        except (OSError, AttributeError):
            pass
        atexit.register(self.stop_all)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._interrupted)

    def _interrupted(self, signum, frame):
        log(f"interrupted (signal {signum}): stopping what was started")
        self.stop_all()
        sys.exit(130)

    def start(self, args, **kwargs):
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.started.append(process)
        return process

    def on_stop(self, action):
        """An extra clean-up action (for example `postfix stop`), run before the processes are terminated."""
        self.stoppers.append(action)

    def stop(self, process, timeout=30):
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        if process in self.started:
            self.started.remove(process)

    def stop_all(self):
        while self.stoppers:
            try:
                self.stoppers.pop()()
            except Exception as e:  # clean-up goes on whatever one step did
                log(f"clean-up step failed: {e}")
        for process in list(self.started):
            self.stop(process)
        self.reap()

    def reap(self):
        """Collects exited orphans that were re-parented to this process (it is a subreaper)."""
        known = {p.pid for p in self.started}
        try:
            for entry in os.listdir("/proc"):
                if entry.isdigit() and int(entry) not in known and parent_of(int(entry)) == os.getpid() \
                        and state_of(int(entry)) == "Z":
                    try:
                        os.waitpid(int(entry), os.WNOHANG)
                    except ChildProcessError:
                        pass
        except OSError:
            pass


def _stat_fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()


def parent_of(pid):
    try:
        return int(_stat_fields(pid)[1])
    except (OSError, ValueError, IndexError):
        return None


def state_of(pid):
    try:
        return _stat_fields(pid)[0]
    except (OSError, IndexError):
        return None


def cpu_seconds(pid):
    """User + system CPU time of a process (its own threads), in seconds."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pids):
    """CPU time of the given processes, including what their exited and reaped children used (cutime, cstime)."""
    total = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
            total += sum(int(fields[i]) for i in (11, 12, 13, 14))
        except (OSError, ValueError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def status_kb(pid, key):
    """A value of /proc/PID/status in kB (VmRSS, VmHWM ...), or 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root):
    """root and every process below it (by parent links), plus orphans re-parented to this driver."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = parent_of(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class MemorySampler:
    """Samples the memory of a process tree every `period` seconds in a background thread; keeps the peak of the
    summed RSS and of the summed PSS (proportional: shared pages divided among the processes sharing them)."""

    def __init__(self, pids_of, period=0.2):
        self.pids_of = pids_of
        self.period = period
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            try:
                pids = [p for p in self.pids_of() if state_of(p) not in (None, "Z")]
            except OSError:
                pids = []
            rss = sum(status_kb(p, "VmRSS") for p in pids)
            pss = sum(pss_kb(p) for p in pids)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self._stop.wait(self.period)


def run(args, timeout=300, **kwargs):
    """Runs a short command to completion; raises with its output when it fails."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout).strip()[-2000:]}")
    return result.stdout


def java_home():
    """The JDK villhop builds and runs with (bin/jdk.sh finds it)."""
    return run(["bash", "-c", f". '{ROOT}/bin/jdk.sh' >/dev/null && printf %s \"$JAVA_HOME\""]).strip()


JFR_OPTIONS = "-XX:FlightRecorderOptions=stackdepth=256"  # deep stacks: villhop's frames sit below the crypto


def jfr_start(pid):
    """Starts a JFR recording (profile settings) in a running JVM: only what follows is recorded."""
    run([os.path.join(java_home(), "bin", "jcmd"), str(pid), "JFR.start", "name=bench", "settings=profile"])


def jfr_stop(pid, recording):
    run([os.path.join(java_home(), "bin", "jcmd"), str(pid), "JFR.stop", "name=bench", f"filename={recording}"],
        timeout=120)


def jfr_profile(recording, top=12):
    """Summary of a JFR recording's CPU samples (jdk.ExecutionSample): the hottest methods (self time) and the
    villhop methods the samples were under (the innermost org.villhop frame of each stack), as text lines."""
    text = run([os.path.join(java_home(), "bin", "jfr"), "print", "--events", "jdk.ExecutionSample",
                "--stack-depth", "256", recording], timeout=600)
    self_counts, package_counts, villhop_counts, paths, samples = {}, {}, {}, {}, 0
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = []
        for line in event.split("stackTrace = [", 1)[-1].splitlines()[1:]:
            if line.strip() == "]":
                break
            if line.strip() and not line.strip().startswith("..."):
                frames.append(line.strip())
        frames = [f.split("(", 1)[0] for f in frames]
        if not frames:
            continue
        samples += 1
        self_counts[frames[0]] = self_counts.get(frames[0], 0) + 1
        package = ".".join(frames[0].split(".")[:3])
        package_counts[package] = package_counts.get(package, 0) + 1
        owner = next((f for f in frames if f.startswith("org.villhop.")), "(no villhop frame)")
        path = " < ".join(frames[:1] + [f for f in frames[1:] if f.startswith("org.villhop.")][:3])
        paths[path] = paths.get(path, 0) + 1
        villhop_counts[owner] = villhop_counts.get(owner, 0) + 1
    lines = [f"{samples} CPU samples; hottest methods (self):"]
    lines += [f"  {100 * n / samples:5.1f}%  {m}" for m, n in sorted(self_counts.items(), key=lambda x: -x[1])[:top]]
    lines += ["self time by package:"]
    lines += [f"  {100 * n / samples:5.1f}%  {m}" for m, n in sorted(package_counts.items(), key=lambda x: -x[1])[:top]]
    lines += ["innermost villhop method on the stack:"]
    lines += [f"  {100 * n / samples:5.1f}%  {m}"
              for m, n in sorted(villhop_counts.items(), key=lambda x: -x[1])[:top]]
    lines += ["hottest method < its villhop callers (innermost first):"]
    lines += [f"  {100 * n / samples:5.1f}%  {m}" for m, n in sorted(paths.items(), key=lambda x: -x[1])[:top]]
    return lines
