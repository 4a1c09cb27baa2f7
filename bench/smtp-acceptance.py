#!/usr/bin/env python3
"""Acceptance throughput of an SMTP listener: N messages of S bytes over C parallel connections.

Reports messages/s and p50/p99 acceptance latency (DATA sent -> 250 received, which for villhop includes the fsync of
the body and the SQLite commit). Nothing here is villhop-specific: point it at any SMTP server.

    bench/smtp-acceptance.py --port 2525 --messages 2000 --size 102400 --connections 8 \
        --sender someone@outside.test --recipient bob@hopital.test
    # submission with STARTTLS + AUTH (password from VILLHOP_BENCH_PASSWORD):
    bench/smtp-acceptance.py --port 2587 --starttls --cafile ca.pem --user alice ...
    # for the relay benchmark: Message-IDs carry a tag, acceptance times (time.monotonic()) go to a file
    bench/smtp-acceptance.py --port 2525 --tag postfix --record accepted.tsv ...
"""
import argparse
import email.utils
import os
import smtplib
import ssl
import statistics
import threading
import time


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="localhost")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--messages", type=int, default=1000)
    p.add_argument("--size", type=int, default=100 * 1024, help="body bytes per message")
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--per-connection", type=int, default=50, help="messages before reconnecting")
    p.add_argument("--sender", default="bench@outside.test")
    p.add_argument("--recipient", default="bob@hopital.test")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--cafile")
    p.add_argument("--user")
    p.add_argument("--password-file", help="password (first line) for --user; default: $VILLHOP_BENCH_PASSWORD")
    p.add_argument("--tag", default="bench", help="Message-IDs are <TAG-N@bench.test>")
    p.add_argument("--record", help="append one line per accepted message: Message-ID, start and 250 times")
    args = p.parse_args()

    line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef\r\n"
    body = line * (args.size // len(line) + 1)
    password = (open(args.password_file).readline().strip() if args.password_file
                else os.environ.get("VILLHOP_BENCH_PASSWORD"))
    latencies, accepted, errors, lock = [], [], [], threading.Lock()
    counter = iter(range(args.messages))

    def worker():
        while True:
            try:
                with smtplib.SMTP(args.host, args.port, timeout=60) as s:
                    if args.starttls:
                        s.starttls(context=ssl.create_default_context(cafile=args.cafile))
                    if args.user:
                        s.login(args.user, password)
                    for _ in range(args.per_connection):
                        n = next(counter, None)
                        if n is None:
                            return
                        message_id = f"{args.tag}-{n}@bench.test"
                        msg = (f"From: {args.sender}\r\nTo: {args.recipient}\r\nSubject: bench {n}\r\n"
                               f"Date: {email.utils.formatdate()}\r\nMessage-ID: <{message_id}>\r\n\r\n"
                               ).encode() + body[:args.size]
                        start = time.monotonic()
                        s.sendmail(args.sender, [args.recipient], msg)
                        end = time.monotonic()
                        with lock:
                            latencies.append(end - start)
                            accepted.append(f"{message_id}\t{start:.6f}\t{end:.6f}\n")
            except (smtplib.SMTPException, OSError) as e:
                with lock:
                    errors.append(str(e))
                    if len(errors) > 10:
                        return

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if args.record:
        with open(args.record, "a") as record:
            record.writelines(accepted)
    if not latencies:
        raise SystemExit(f"no message accepted: {errors[:3]}")
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    print(f"{len(latencies)} messages of {args.size} bytes over {args.connections} connections in {elapsed:.1f} s: "
          f"{len(latencies) / elapsed:.0f} msg/s, acceptance latency p50 {q[49] * 1000:.1f} ms, "
          f"p99 {q[98] * 1000:.1f} ms, {len(errors)} errors" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
