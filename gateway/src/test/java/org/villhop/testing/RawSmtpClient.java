package org.villhop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A line-level SMTP client for protocol tests: sends exactly what it is told and returns replies verbatim. */
public final class RawSmtpClient implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    public RawSmtpClient(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    public RawSmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        streams();
    }

    private void streams() throws IOException {
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Reads one reply (all its lines), joined with newlines. Null when the server closed. */
    public String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /** Sends a line (CRLF added) and returns the reply. */
    public String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    public void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** STARTTLS and the handshake; returns the 220 reply. */
    public String startTls(SSLContext context) throws IOException {
        String reply = command("STARTTLS");
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(),
                true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        streams();
        return reply;
    }

    /** EHLO, STARTTLS, EHLO, AUTH PLAIN as alice; returns the AUTH reply. */
    public String secureLogin(SSLContext context, String password) throws IOException {
        reply();
        command("EHLO client.test");
        startTls(context);
        command("EHLO client.test");
        return command("AUTH PLAIN " + plain("alice", password));
    }

    public static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
