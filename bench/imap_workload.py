#!/usr/bin/env python3
"""The scripted IMAP workload of issue 5, written once with Python's imaplib and run against any IMAP server.

    bench/imap_workload.py --port 993 --user bench --password-file pw --fill 10000     # fill INBOX by APPEND
    bench/imap_workload.py --port 993 --user bench --password-file pw                  # the measured steps

Steps (each timed; operations/s printed, and one JSON line per step with --json):
  login    connect + TLS + LOGIN + LOGOUT, --logins times
  select   SELECT INBOX (the 10 000-message mailbox), 5 times
  fetch-headers   UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)]),
           3 times; the rate counts messages
  search   UNSEEN, FLAGGED, FROM, SUBJECT, LARGER, SINCE, HEADER MESSAGE-ID, TEXT, each once
  fetch-bodies    UID FETCH n BODY.PEEK[] for 1 000 messages chosen with a fixed seed, one command each
  store    UID STORE n +FLAGS (KEYWORD) for the same 1 000 messages, one command each (a new keyword per run)
  append   APPEND 100 new messages to INBOX
The filling (--fill N) appends N generated messages (seeded, about 3 KB each, a few flagged or seen) over
--fill-connections parallel connections: the same content for every server.
"""
import argparse
import imaplib
import json
import random
import ssl
import sys
import threading
import time

HEADERS = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])"
DATE = "Mon, 16 Nov 2026 09:30:00 +0100"
INTERNALDATE = 1_794_817_800  # 2026-11-16 08:30 UTC: message n arrived n minutes later


def message(n):
    """Message number n of the mailbox: the same bytes for every server."""
    rng = random.Random(n)
    sender = f"dr.{['martin', 'leroy', 'durand', 'bernard', 'petit'][n % 5]}{n % 97}@medecins.mssante.test"
    subject = f"Compte rendu {n} patient {rng.randrange(10 ** 6):06d}" + (" urgent" if n % 50 == 0 else "")
    words = ["examen", "tension", "traitement", "suivi", "consultation", "ordonnance", "biologie", "radiologie",
             "sortie", "hospitalisation", "cardiologie", "allergie"]
    lines = [" ".join(rng.choice(words) for _ in range(11)) for _ in range(rng.randrange(25, 45))]
    body = "\r\n".join(lines) + "\r\n"
    return (f"From: {sender}\r\nTo: secretariat@ch-lens.mssante.test\r\nSubject: {subject}\r\n"
            f"Date: {DATE}\r\nMessage-ID: <bench-{n}@medecins.mssante.test>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}").encode()


def flags_of(n):
    return "(\\Flagged)" if n % 20 == 0 else ("(\\Seen)" if n % 3 == 0 else None)


class Client:
    def __init__(self, args):
        self.args = args

    def connect(self):
        a = self.args
        if a.tls == "implicit":
            context = ssl.create_default_context(cafile=a.cafile)
            connection = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=context, timeout=a.timeout)
        else:
            connection = imaplib.IMAP4(a.host, a.port, timeout=a.timeout)
            if a.tls == "starttls":
                connection.starttls(ssl.create_default_context(cafile=a.cafile))
        connection.sock.setsockopt(6, 1, 1)  # TCP_NODELAY: commands are small
        return connection

    def login(self):
        connection = self.connect()
        check(connection.login(self.args.user, self.args.password), "LOGIN")
        return connection


def check(response, what):
    status, data = response
    if status != "OK":
        raise RuntimeError(f"{what}: {status} {data!r}")
    return data


def fill(client, count, connections):
    numbers = iter(range(count))
    lock = threading.Lock()
    errors = []

    def worker():
        try:
            imap = client.login()
            while True:
                with lock:
                    n = next(numbers, None)
                if n is None:
                    break
                check(imap.append("INBOX", flags_of(n), imaplib.Time2Internaldate(INTERNALDATE + 60 * n),
                                  message(n)), f"APPEND {n}")
            imap.logout()
        except Exception as e:  # reported below; the other workers go on
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"filling failed: {errors[0]}")
    return time.perf_counter() - start


def run_steps(client, args):
    results = []

    def timed(name, operations, action, unit="ops"):
        start = time.perf_counter()
        detail = action()
        elapsed = time.perf_counter() - start
        results.append({"step": name, "operations": operations, "seconds": elapsed, "rate": operations / elapsed,
                        "unit": unit, "detail": detail})

    def logins():
        for _ in range(args.logins):
            imap = client.login()
            imap.logout()

    timed("login", args.logins, logins)
    imap = client.login()
    exists = []

    def selects():
        for _ in range(5):
            exists.append(int(check(imap.select("INBOX"), "SELECT")[0]))
        return f"{exists[-1]} messages"

    timed("select", 5, selects)
    total = exists[-1]
    fetched = []

    def fetch_headers():
        for _ in range(3):
            data = check(imap.uid("FETCH", "1:*", HEADERS), "FETCH headers")
            fetched.append(sum(1 for item in data if isinstance(item, tuple)))
        return f"{fetched[-1]} messages per FETCH"

    timed("fetch-headers", 3 * total, fetch_headers, unit="messages")
    uids = [int(u) for u in check(imap.uid("SEARCH", None, "ALL"), "SEARCH ALL")[0].split()]
    searches = ["UNSEEN", "FLAGGED", 'FROM "dr.leroy1"', 'SUBJECT "urgent"', "LARGER 3500",
                'SINCE "20-Nov-2026"', 'HEADER MESSAGE-ID "bench-4242@"', 'TEXT "allergie radiologie sortie"']
    counts = []

    def search():
        for criteria in searches:
            counts.append(len(check(imap.uid("SEARCH", None, criteria), f"SEARCH {criteria}")[0].split()))
        return "hits " + " ".join(f"{c}={n}" for c, n in zip(searches, counts))

    timed("search", len(searches), search)
    rng = random.Random(42)
    chosen = rng.sample(uids, min(1000, len(uids)))
    sizes = []

    def fetch_bodies():
        for uid in chosen:
            data = check(imap.uid("FETCH", str(uid), "(BODY.PEEK[])"), f"FETCH {uid}")
            sizes.append(sum(len(item[1]) for item in data if isinstance(item, tuple)))
        return f"{sum(sizes)} bytes"

    timed("fetch-bodies", len(chosen), fetch_bodies)

    keyword = f"bench{time.time_ns()}"  # a new keyword per run: every STORE is a real change, also when repeated

    def store():
        for uid in chosen:
            check(imap.uid("STORE", str(uid), "+FLAGS", f"({keyword})"), f"STORE {uid}")

    timed("store", len(chosen), store)

    def append():
        for n in range(100):
            check(imap.append("INBOX", None, None, message(1_000_000 + n)), "APPEND")

    timed("append", 100, append)
    imap.logout()
    return results


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls", choices=["implicit", "starttls", "none"], default="implicit")
    p.add_argument("--cafile", help="trust anchor (PEM) of the server's certificate")
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", required=True, help="first line: the password")
    p.add_argument("--fill", type=int, default=0, help="append this many messages to INBOX, then stop")
    p.add_argument("--fill-connections", type=int, default=4)
    p.add_argument("--logins", type=int, default=20)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--json", action="store_true", help="one JSON line per step")
    args = p.parse_args()
    args.password = open(args.password_file).readline().strip()
    client = Client(args)
    if args.fill:
        seconds = fill(client, args.fill, args.fill_connections)
        result = {"step": "fill", "operations": args.fill, "seconds": seconds, "rate": args.fill / seconds,
                  "unit": "messages", "detail": f"APPEND over {args.fill_connections} connections"}
        print(json.dumps(result) if args.json else f"fill: {args.fill} messages in {seconds:.1f} s "
              f"({args.fill / seconds:.0f}/s)", flush=True)
        return 0
    for r in run_steps(client, args):
        print(json.dumps(r) if args.json else f"{r['step']:14} {r['operations']:6} {r['unit']:8} "
              f"{r['seconds']:7.2f} s {r['rate']:9.1f}/s  {r['detail'] or ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
