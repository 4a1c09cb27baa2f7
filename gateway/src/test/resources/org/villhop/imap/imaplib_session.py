"""A scripted IMAP session with Python's imaplib against villhop (run by PythonImaplibTest).

Usage: imaplib_session.py HOST PORT starttls|ssl CAFILE USER   (password in the IMAP_PASSWORD environment variable)
Exits 0 when every step behaved as RFC 3501 / 4315 / 6851 say, 1 with the failing step otherwise.
"""
import imaplib
import os
import re
import ssl
import sys
import time

host, port, mode, cafile, user = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
password = os.environ["IMAP_PASSWORD"]
context = ssl.create_default_context(cafile=cafile)
context.minimum_version = ssl.TLSVersion.TLSv1_2


def check(condition, step, detail=""):
    if not condition:
        print("FAILED: %s %s" % (step, detail))
        sys.exit(1)
    print("ok: " + step)


def ok(result, step):
    typ, data = result
    check(typ == "OK", step, repr(data))
    return data


if mode == "starttls":
    imap = imaplib.IMAP4(host, port)
    check("LOGINDISABLED" in imap.capabilities and "STARTTLS" in imap.capabilities, "plain capabilities")
    ok(imap.starttls(ssl_context=context), "STARTTLS")
else:
    imap = imaplib.IMAP4_SSL(host, port, ssl_context=context)

check("AUTH=PLAIN" in imap.capabilities and "IDLE" in imap.capabilities and "UIDPLUS" in imap.capabilities,
      "capabilities under TLS", imap.capabilities)
if mode == "starttls":
    ok(imap.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (user, password)).encode()), "AUTHENTICATE PLAIN")
else:
    ok(imap.login(user, password), "LOGIN")
ok(imap.xatom("ID", '("name" "imaplib")'), "ID")
ok(imap._simple_command("ENABLE", "UTF8=ACCEPT"), "ENABLE")
data = ok(imap.namespace(), "NAMESPACE")
check(b'(("" "/"))' in data[0], "NAMESPACE personal", data)

box = "Patients-" + mode
ok(imap.create(box), "CREATE")
typ, data = imap.create(box)
check(typ == "NO" and b"ALREADYEXISTS" in data[0], "CREATE existing gives ALREADYEXISTS", data)
ok(imap.rename(box, box + "-renamed"), "RENAME")
box += "-renamed"
ok(imap.subscribe(box), "SUBSCRIBE")
data = ok(imap.list('""', "*"), "LIST")
listing = b"\n".join(data)
for expected in (b'(\\HasNoChildren \\Sent) "/" "Sent"', b'"INBOX"', box.encode()):
    check(expected in listing, "LIST shows " + expected.decode(), listing)
data = ok(imap.lsub('""', "*"), "LSUB")
check(box.encode() in b"\n".join(data), "LSUB shows subscribed", data)
ok(imap.unsubscribe(box), "UNSUBSCRIBE")

message = (b"From: Dr Alice Martin <alice@hopital.example>\r\nTo: secretariat@hopital.example\r\n"
           b"Subject: Lettre de liaison\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <l1@hopital.example>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
           b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPatient sorti ce jour.\r\n"
           b"--b1\r\nContent-Type: application/pdf; name=\"lettre.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"JVBERi0xLjQK\r\n--b1--\r\n")
typ, data = imap.append(box, "(\\Flagged $Urgent)", imaplib.Time2Internaldate(time.time()), message)
check(typ == "OK" and re.search(rb"APPENDUID \d+ 1\]", data[0]), "APPEND with APPENDUID", data)
ok(imap.append(box, None, None, b"Subject: second\r\nFrom: bob@cabinet.example\r\n\r\nshort\r\n"), "APPEND 2")
typ, data = imap.append("NoSuchBox", None, None, b"Subject: x\r\n\r\nx\r\n")
check(typ == "NO" and b"TRYCREATE" in data[0], "APPEND to a missing mailbox gives TRYCREATE", data)

data = ok(imap.status(box, "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"), "STATUS")
check(b"MESSAGES 2" in data[0] and b"UIDNEXT 3" in data[0] and b"UNSEEN 2" in data[0], "STATUS values", data)

data = ok(imap.select(box, readonly=True), "EXAMINE")
check(data == [b"2"], "EXAMINE count", data)
ok(imap.fetch("1", "(BODY[])"), "FETCH in EXAMINE")
data = ok(imap.fetch("1", "(FLAGS)"), "FLAGS after EXAMINE fetch")
check(b"\\Seen" not in data[0], "EXAMINE does not set \\Seen", data)
ok(imap.unselect(), "UNSELECT")

data = ok(imap.select(box), "SELECT")
check(data == [b"2"], "SELECT count", data)
data = ok(imap.fetch("1:2", "(UID FLAGS INTERNALDATE RFC822.SIZE)"), "FETCH metadata")
check(b"UID 1" in data[0] and b"\\Flagged" in data[0] and b"$Urgent" in data[0], "FETCH FLAGS", data)
check(("RFC822.SIZE %d" % len(message)).encode() in data[0], "FETCH RFC822.SIZE", data)
data = ok(imap.fetch("1", "(ENVELOPE BODYSTRUCTURE)"), "FETCH ENVELOPE BODYSTRUCTURE")
check(b'"Lettre de liaison"' in data[0] and b'("Dr Alice Martin" NIL "alice" "hopital.example")' in data[0],
      "ENVELOPE", data)
check(b'"APPLICATION" "PDF"' in data[0] and b'"MIXED"' in data[0], "BODYSTRUCTURE", data)
data = ok(imap.fetch("1", "(BODY.PEEK[2] BODY.PEEK[1.MIME] BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])"), "FETCH sections")
flat = b"".join(x if isinstance(x, bytes) else b"".join(x) for x in data)
check(b"JVBERi0xLjQK" in flat and b"Content-Type: text/plain" in flat and b"Subject: Lettre de liaison" in flat,
      "section contents", data)
check(b"Message-ID" not in flat, "HEADER.FIELDS keeps only the named fields", data)
data = ok(imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT)])"), "FETCH HEADER.FIELDS.NOT")
check(b"Subject" not in data[0][1] and b"Message-ID" in data[0][1], "HEADER.FIELDS.NOT", data)
data = ok(imap.fetch("1", "(BODY.PEEK[]<0.20>)"), "FETCH partial")
check(data[0][1] == message[:20], "partial content", data)
data = ok(imap.fetch("2", "(RFC822)"), "FETCH RFC822")
check(data[0][1].endswith(b"short\r\n"), "RFC822 content", data)
data = ok(imap.fetch("2", "(RFC822.HEADER FLAGS)"), "FETCH RFC822.HEADER")
check(b"\\Seen" in b"".join(x if isinstance(x, bytes) else x[0] for x in data), "RFC822 set \\Seen", data)

data = ok(imap.store("1", "+FLAGS", "(\\Seen \\Answered)"), "STORE +FLAGS")
check(b"\\Answered" in data[0], "STORE returns FLAGS", data)
data = ok(imap.store("1", "-FLAGS.SILENT", "(\\Answered)"), "STORE -FLAGS.SILENT")
check(data == [None], "SILENT returns nothing", data)
data = ok(imap.search(None, "FLAGGED"), "SEARCH FLAGGED")
check(data == [b"1"], "SEARCH FLAGGED result", data)
data = ok(imap.search(None, "OR", "FROM", "bob", "SUBJECT", "liaison"), "SEARCH OR")
check(data == [b"1 2"], "SEARCH OR result", data)
data = ok(imap.search(None, "NOT", "KEYWORD", "$Urgent"), "SEARCH NOT KEYWORD")
check(data == [b"2"], "SEARCH NOT result", data)
data = ok(imap.search(None, "SINCE", "1-Jan-2020", "SMALLER", "100"), "SEARCH SINCE SMALLER")
check(data == [b"2"], "SEARCH SINCE SMALLER result", data)
data = ok(imap.search(None, "BODY", "sorti"), "SEARCH BODY")
check(data == [b"1"], "SEARCH BODY result", data)
data = ok(imap.search(None, "HEADER", "Message-ID", "l1@hopital"), "SEARCH HEADER")
check(data == [b"1"], "SEARCH HEADER result", data)
data = ok(imap.uid("SEARCH", "UID", "2:*"), "UID SEARCH")
check(data == [b"2"], "UID SEARCH result", data)

typ, data = imap._simple_command("UID", "COPY", "1", "Trash")  # keeps the tagged COPYUID code
check(typ == "OK" and re.search(rb"COPYUID \d+ 1 \d+", data[0]), "UID COPY with COPYUID", data)
typ, data = imap.copy("1", "Nowhere")
check(typ == "NO" and b"TRYCREATE" in data[0], "COPY to a missing mailbox gives TRYCREATE", data)
ok(imap.uid("MOVE", "2", "Junk"), "UID MOVE")
data = ok(imap.select(box), "SELECT after MOVE")
check(data == [b"1"], "MOVE removed the message", data)
ok(imap.append(box, "(\\Deleted)", None, b"Subject: doomed\r\n\r\nx\r\n"), "APPEND deleted")
ok(imap.append(box, "(\\Deleted)", None, b"Subject: doomed too\r\n\r\nx\r\n"), "APPEND deleted 2")
ok(imap.noop(), "NOOP")
typ, data = imap.uid("EXPUNGE", "4")
check(typ == "OK", "UID EXPUNGE", data)
data = ok(imap.search(None, "ALL"), "SEARCH ALL")
check(data == [b"1 2"], "UID EXPUNGE removed only UID 4", data)
ok(imap.expunge(), "EXPUNGE")
data = ok(imap.search(None, "ALL"), "SEARCH ALL after EXPUNGE")
check(data == [b"1"], "EXPUNGE removed the rest", data)
ok(imap.check(), "CHECK")
ok(imap.close(), "CLOSE")
ok(imap.delete(box), "DELETE")
typ, data = imap.select(box)
check(typ == "NO" and b"NONEXISTENT" in data[0], "SELECT deleted mailbox gives NONEXISTENT", data)
typ, data = imap.logout()
check(typ == "BYE", "LOGOUT", data)
print("SESSION COMPLETE")
