package org.villhop.delivery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** A tiny authoritative DNS responder over UDP on loopback, answering from records given by the test. */
final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Thread loop;

    TestDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        loop = Thread.ofVirtual().start(this::serve);
    }

    void add(Record record) {
        zone.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
    }

    SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                socket.getLocalPort()));
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> records = zone.get(question.getName());
        if (records == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (Record r : records) {
            if (r.getType() == question.getType()) {
                response.addRecord(r, Section.ANSWER);
            }
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
