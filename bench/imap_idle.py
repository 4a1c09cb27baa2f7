#!/usr/bin/env python3
"""N IMAP connections in IDLE (asyncio, implicit TLS), then one APPEND from another connection and the time until
every idling connection has seen it (`* n EXISTS`). Driven by bench/imap.py:

    bench/imap_idle.py --port P --cafile ca.pem --user U --password-file F --connections 10000
prints one JSON line {"ready": n, ...} when n connections are idling, waits for a line on stdin, appends one message,
prints {"notified": n, "p50_ms": ..., "max_ms": ...}, closes every connection and exits. Raises its own open-files
limit to the hard limit; a failing connection is counted, not fatal.
"""
import argparse
import asyncio
import json
import resource
import ssl
import sys
import time


class IdleConnection:
    def __init__(self, number):
        self.tag = 0
        self.number = number
        self.reader = None
        self.writer = None
        self.seen = asyncio.Event()
        self.seen_at = None

    async def command(self, text, until_continuation=False):
        self.tag += 1
        tag = f"i{self.tag}".encode()
        self.writer.write(tag + b" " + text.encode() + b"\r\n")
        await self.writer.drain()
        while True:
            line = await self.reader.readline()
            if not line:
                raise ConnectionError("connection closed")
            if until_continuation and line.startswith(b"+"):
                return line
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError(line.decode(errors="replace").strip())
                return line

    async def open(self, args, context, password):
        self.reader, self.writer = await asyncio.open_connection(args.host, args.port, ssl=context,
                                                                 server_hostname="localhost")
        greeting = await self.reader.readline()
        if not greeting.startswith(b"* OK"):
            raise RuntimeError(f"greeting {greeting!r}")
        await self.command(f'LOGIN "{args.user}" "{password}"')
        await self.command(f'SELECT "{args.mailbox}"')
        await self.command("IDLE", until_continuation=True)

    async def watch(self, exists_before):
        while True:
            line = await self.reader.readline()
            if not line:
                return
            if line.endswith(b"EXISTS\r\n") and int(line.split()[1]) > exists_before:
                self.seen_at = time.monotonic()
                self.seen.set()
                return

    async def close(self):
        try:
            self.writer.write(b"DONE\r\nz LOGOUT\r\n")
            await asyncio.wait_for(self.writer.drain(), 5)
            self.writer.close()
        except (OSError, asyncio.TimeoutError, ConnectionError):
            pass


async def appended(args, context, password):
    """Appends one message from a separate connection; returns (time it was acknowledged, EXISTS before)."""
    c = IdleConnection(-1)
    c.reader, c.writer = await asyncio.open_connection(args.host, args.port, ssl=context, server_hostname="localhost")
    await c.reader.readline()
    await c.command(f'LOGIN "{args.user}" "{password}"')
    message = (b"From: idle@bench.test\r\nTo: secretariat@ch-lens.mssante.test\r\nSubject: wake up\r\n"
               b"Message-ID: <idle-wake@bench.test>\r\n\r\nnew mail for the idlers\r\n")
    start = time.monotonic()
    c.tag += 1
    c.writer.write(f'i{c.tag} APPEND "{args.mailbox}" {{{len(message)}+}}\r\n'.encode() + message + b"\r\n")
    await c.writer.drain()
    while not (line := await c.reader.readline()).startswith(f"i{c.tag} ".encode()):
        if not line:
            raise ConnectionError("closed during APPEND")
    if b" OK" not in line:
        raise RuntimeError(f"APPEND: {line!r}")
    await c.close()
    return start


async def main_async(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    context = ssl.create_default_context(cafile=args.cafile)
    password = open(args.password_file).readline().strip()
    connections = [IdleConnection(n) for n in range(args.connections)]
    gate = asyncio.Semaphore(args.parallel)
    failures = []

    async def open_one(c):
        async with gate:
            try:
                await asyncio.wait_for(c.open(args, context, password), args.timeout)
                return True
            except Exception as e:  # counted and reported
                failures.append(repr(e))
                return False

    start = time.monotonic()
    tasks = [asyncio.ensure_future(open_one(c)) for c in connections]
    done, pending = await asyncio.wait(tasks, timeout=args.deadline)
    for task in pending:
        task.cancel()
    idling = [c for c, task in zip(connections, tasks) if task in done and task.result()]
    print(json.dumps({"ready": len(idling), "failed": len(failures), "abandoned": len(pending),
                      "first_failures": sorted(set(failures))[:3], "seconds": round(time.monotonic() - start, 1),
                      "nofile": hard}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    exists = 0
    watchers = [asyncio.ensure_future(c.watch(exists)) for c in idling]
    try:
        sent = await appended(args, context, password)
    except Exception as e:  # reported; the connections are still closed
        print(json.dumps({"notified": 0, "idling": len(idling), "error": f"APPEND failed: {e!r}"}), flush=True)
        for task in watchers:
            task.cancel()
        await close_all(idling)
        return
    done, pending = await asyncio.wait(watchers, timeout=args.timeout)
    delays = sorted((c.seen_at - sent) * 1000 for c in idling if c.seen_at is not None)
    for task in pending:
        task.cancel()
    result = {"notified": len(delays), "idling": len(idling)}
    if delays:
        result.update(p50_ms=round(delays[len(delays) // 2]), p99_ms=round(delays[int(len(delays) * 0.99)]),
                      max_ms=round(delays[-1]))
    print(json.dumps(result), flush=True)
    await close_all(idling)


async def close_all(connections):
    for i in range(0, len(connections), 500):
        await asyncio.gather(*(c.close() for c in connections[i:i + 500]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cafile", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", required=True)
    p.add_argument("--connections", type=int, default=10_000)
    p.add_argument("--mailbox", default="INBOX", help="the mailbox every connection selects (must exist)")
    p.add_argument("--parallel", type=int, default=64, help="connections being opened at the same time")
    p.add_argument("--timeout", type=float, default=120, help="seconds for one connection, and for the notification")
    p.add_argument("--deadline", type=float, default=600, help="seconds for opening all connections")
    asyncio.run(main_async(p.parse_args()))


if __name__ == "__main__":
    main()
