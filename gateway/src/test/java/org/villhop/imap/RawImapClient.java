package org.villhop.imap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A minimal line-level IMAP client for protocol tests: sends raw commands, collects responses up to the tagged one. */
final class RawImapClient implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int tags;
    final String greeting;

    RawImapClient(int port, SSLContext implicitTls) throws IOException {
        socket = new Socket("127.0.0.1", port);
        if (implicitTls != null) {
            socket = wrap(implicitTls);
        }
        attach();
        greeting = readLine();
    }

    private SSLSocket wrap(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.startHandshake();
        return tls;
    }

    private void attach() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        socket.setSoTimeout(20_000);
    }

    void startTls(SSLContext context) throws IOException {
        List<String> response = command("STARTTLS");
        if (!response.getLast().contains("OK")) {
            throw new IOException("STARTTLS refused: " + response);
        }
        socket = wrap(context);
        attach();
    }

    /** Sends {@code TAG command} and returns every response line, the tagged one last (literals inlined). */
    List<String> command(String command) throws IOException {
        String tag = "a" + ++tags;
        send(tag + " " + command);
        return responses(tag);
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String nextTag() {
        return "a" + (tags + 1);
    }

    List<String> responses(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readResponse();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** One response line with any literals it carries inlined. */
    String readResponse() throws IOException {
        StringBuilder response = new StringBuilder(readLine());
        Matcher m = LITERAL.matcher(response);
        while (m.find()) {
            int size = Integer.parseInt(m.group(1));
            response.append("\r\n").append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            String more = readLine();
            response.append(more);
            m = LITERAL.matcher(more);
        }
        return response.toString();
    }

    /** Reads {@code size} raw bytes (for large literals read by the caller). */
    byte[] readBytes(int size) throws IOException {
        return in.readNBytes(size);
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed by the server");
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
