#!/usr/bin/env python3
"""A fast counting SMTP sink for the relay benchmark: accepts every message, keeps none in memory.

For each message it appends one line to --record: the Message-ID (without <>), the arrival time (time.monotonic(),
the system-wide CLOCK_MONOTONIC, comparable with the submitting client's clock), the size in bytes and the top-level
Content-Type. It speaks ESMTP with PIPELINING, SIZE and 8BITMIME, and STARTTLS when given a certificate. Messages
whose Message-ID contains --save-tag are saved (the first one only, dot-unstuffed) to --save FILE.

    bench/smtp_sink.py --port 0 --record arrivals.tsv     # prints "listening on 127.0.0.1:PORT"

Stops on SIGTERM or SIGINT, printing how many messages and bytes it received.
"""
import argparse
import asyncio
import re
import signal
import ssl
import sys
import time

TERMINATOR = b"\r\n.\r\n"
MESSAGE_ID = re.compile(rb"(?im)^message-id:\s*<([^>\r\n]*)>")
CONTENT_TYPE = re.compile(rb"(?im)^content-type:\s*([^;\r\n]*)")
HEADER_LIMIT = 64 * 1024


class Sink:
    def __init__(self, record, tls_context, save_tag, save_path):
        self.record = record
        self.tls_context = tls_context
        self.save_tag = save_tag.encode() if save_tag else None
        self.save_path = save_path
        self.saved = False
        self.messages = 0
        self.bytes = 0

    def arrived(self, message_id, size, content_type):
        self.messages += 1
        self.bytes += size
        self.record.write(f"{message_id.decode(errors='replace')}\t{time.monotonic():.6f}\t{size}\t"
                          f"{content_type.decode(errors='replace')}\n")
        self.record.flush()


class SinkSession(asyncio.Protocol):
    def __init__(self, sink):
        self.sink = sink
        self.buffer = bytearray()
        self.in_data = False
        self.recipients = 0
        self.tls = False
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.reply(b"220 sink.bench ESMTP ready")

    def reply(self, line):
        self.transport.write(line + b"\r\n")

    def data_received(self, data):
        self.buffer += data
        while self.buffer and self.transport is not None:
            if self.in_data:
                if not self.scan_data():
                    return
            else:
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    if len(self.buffer) > 4096:
                        self.reply(b"500 line too long")
                        self.transport.close()
                    return
                line = bytes(self.buffer[:end])
                del self.buffer[:end + 2]
                if self.command(line) == "starttls":
                    return

    def command(self, line):
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            self.recipients = 0
            extensions = [b"sink.bench", b"PIPELINING", b"SIZE 1000000000", b"8BITMIME"]
            if self.sink.tls_context is not None and not self.tls:
                extensions.append(b"STARTTLS")
            if verb == b"HELO":
                extensions = extensions[:1]
            for extension in extensions[:-1]:
                self.reply(b"250-" + extension)
            self.reply(b"250 " + extensions[-1])
        elif verb == b"MAIL":
            self.recipients = 0
            self.reply(b"250 ok")
        elif verb == b"RCPT":
            self.recipients += 1
            self.reply(b"250 ok")
        elif verb == b"DATA":
            if self.recipients == 0:
                self.reply(b"503 no recipient")
            else:
                self.reply(b"354 go ahead")
                self.start_message()
        elif verb in (b"RSET", b"NOOP"):
            self.recipients = 0 if verb == b"RSET" else self.recipients
            self.reply(b"250 ok")
        elif verb == b"QUIT":
            self.reply(b"221 bye")
            self.transport.close()
            self.transport = None
        elif line.upper() == b"STARTTLS" and self.sink.tls_context is not None and not self.tls:
            self.reply(b"220 ready to start TLS")
            self.buffer.clear()  # nothing sent before the handshake counts (RFC 3207)
            transport, self.transport = self.transport, None
            asyncio.ensure_future(self.start_tls(transport))
            return "starttls"
        else:
            self.reply(b"502 command not implemented")
        return None

    async def start_tls(self, transport):
        try:
            self.transport = await asyncio.get_running_loop().start_tls(
                transport, self, self.sink.tls_context, server_side=True)
            self.tls = True
            self.data_received(b"")  # commands that arrived while the handshake was completing
        except (ssl.SSLError, OSError, ConnectionError):
            transport.close()

    def start_message(self):
        self.in_data = True
        self.size = 0
        self.header = bytearray()
        self.header_done = False
        self.save = None

    def scan_data(self):
        """Consumes message bytes from the buffer; True when the message ended (rest of buffer = next commands)."""
        if self.size == 0 and self.buffer.startswith(b".\r\n"):
            body_length = 0
        else:
            end = self.buffer.find(TERMINATOR)
            if end < 0:
                keep = len(TERMINATOR) - 1
                if len(self.buffer) > keep:
                    self.consume(len(self.buffer) - keep)
                return False
            body_length = end + 2
        self.consume(body_length)
        del self.buffer[:3]
        self.finish_message()
        return True

    def consume(self, count):
        chunk = bytes(self.buffer[:count])
        del self.buffer[:count]
        self.size += len(chunk)
        if not self.header_done:
            self.header += chunk
            if b"\r\n\r\n" in self.header or len(self.header) >= HEADER_LIMIT:
                self.end_of_header()
        elif self.save is not None:
            self.save.write(chunk)

    def end_of_header(self):
        """The header is complete (or too long to look at further): note it, start saving if asked."""
        self.header_done = True
        received = bytes(self.header)
        blank = received.find(b"\r\n\r\n")
        self.header = received[:blank + 2] if blank >= 0 else received
        sink = self.sink
        if sink.save_tag is not None and not sink.saved and sink.save_tag in self.message_id():
            sink.saved = True
            self.save = open(sink.save_path + ".stuffed", "wb")
            self.save.write(received)

    def message_id(self):
        match = MESSAGE_ID.search(self.header)
        return match.group(1) if match else b"-"

    def finish_message(self):
        self.in_data = False
        if not self.header_done:
            self.end_of_header()
        content_type = CONTENT_TYPE.search(self.header)
        self.sink.arrived(self.message_id(), self.size, content_type.group(1).strip() if content_type else b"-")
        if self.save is not None:
            self.save.close()
            self.save = None
            unstuff(self.sink.save_path)
        self.recipients = 0
        self.reply(b"250 ok queued")


def unstuff(path):
    with open(path + ".stuffed", "rb") as stuffed:
        data = stuffed.read()
    if data.startswith(b".."):
        data = data[1:]
    with open(path, "wb") as out:
        out.write(data.replace(b"\r\n..", b"\r\n."))


async def serve(args):
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.minimum_version = ssl.TLSVersion.TLSv1_2
        password = open(args.tls_password_file).readline().strip() if args.tls_password_file else None
        tls_context.load_cert_chain(args.tls_cert, args.tls_key, password=password)
    record = open(args.record, "a", buffering=1024 * 1024)
    sink = Sink(record, tls_context, args.save_tag, args.save)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SinkSession(sink), args.host, args.port, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {args.host}:{port}", flush=True)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    await stop
    server.close()
    record.close()
    print(f"sink: {sink.messages} messages, {sink.bytes} bytes", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--record", required=True, help="file receiving one line per message")
    p.add_argument("--tls-cert", help="PEM certificate chain: offer STARTTLS")
    p.add_argument("--tls-key", help="PEM private key (may be encrypted: --tls-password-file)")
    p.add_argument("--tls-password-file")
    p.add_argument("--save-tag", help="save the first message whose Message-ID contains this text")
    p.add_argument("--save", help="where to save it")
    args = p.parse_args()
    if bool(args.save_tag) != bool(args.save):
        p.error("--save-tag and --save go together")
    asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
