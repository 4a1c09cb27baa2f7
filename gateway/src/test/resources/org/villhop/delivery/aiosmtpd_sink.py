"""An SMTP sink built on aiosmtpd (software nobody on this project wrote), for the delivery interop test.

Usage: python3 aiosmtpd_sink.py CERT.pem KEY.pem CLIENT-CA.pem
Listens on 127.0.0.1 (port chosen by the OS, printed as "PORT n"), requires STARTTLS, requests a client
certificate, prints one JSON line per received message, and stops when its standard input is closed.
"""
import asyncio
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    async def handle_DATA(self, server, session, envelope):
        ssl_object = server.transport.get_extra_info('ssl_object')
        peer = ssl_object.getpeercert() if ssl_object else None
        client = dict(pair[0] for pair in peer['subject']).get('commonName') if peer else None
        print(json.dumps({
            'from': envelope.mail_from,
            'to': envelope.rcpt_tos,
            'mail_options': envelope.mail_options,
            'tls': ssl_object.version() if ssl_object else None,
            'client': client,
            'content': envelope.content.decode('utf-8', 'replace'),
        }), flush=True)
        return '250 2.0.0 accepted by aiosmtpd'


async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    context.load_verify_locations(sys.argv[3])
    context.verify_mode = ssl.CERT_OPTIONAL
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Sink(), tls_context=context, require_starttls=True, hostname='localhost'), '127.0.0.1', 0)
    print('PORT', server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
