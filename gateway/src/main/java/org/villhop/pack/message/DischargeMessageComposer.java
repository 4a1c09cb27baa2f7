package org.villhop.pack.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.MimeConfig;
import org.villhop.pack.DischargePack;
import org.villhop.pack.DischargePackBuilder;
import org.villhop.pack.PackSettings;
import org.villhop.pack.request.CompletenessRules;
import org.villhop.pack.request.DischargeRequest;
import org.villhop.pack.request.RequestParser;
import org.villhop.pack.request.RequestProblem;
import org.villhop.pack.request.RequestVerdict;

/**
 * The outbound pipeline's discharge stage, before signing and encryption: finds the discharge request attached to a
 * submitted message ({@value #REQUEST_MEDIA_TYPE}, or a file named {@code *.sortie.json}), builds the pack and writes
 * the message that carries it (see {@link MessageAssembler}). A message without request is copied byte for byte. Bodies
 * above a threshold are spooled to owner-only temporary files, deleted before {@code compose} returns.
 * Thread-safe: one instance serves the whole relay.
 */
public final class DischargeMessageComposer {

    public static final String REQUEST_MEDIA_TYPE = "application/vnd.villhop.discharge+json";
    public static final String REQUEST_FILE_SUFFIX = ".sortie.json";
    private static final int MEMORY_THRESHOLD = 256 * 1024;

    private final RequestParser parser;
    private final DischargePackBuilder builder;
    private final PackSettings settings;
    private final PatientCopyRule patientCopy;
    private final Path spoolDirectory;

    /** @param spoolDirectory where big bodies are spooled, or {@code null} for the system temporary directory */
    public DischargeMessageComposer(PackSettings settings, Clock clock, Path spoolDirectory) {
        this.parser = new RequestParser(new CompletenessRules(clock));
        this.builder = new DischargePackBuilder(settings, clock);
        this.settings = settings;
        this.patientCopy = new PatientCopyRule(settings.patientDomain());
        this.spoolDirectory = spoolDirectory;
    }

    /**
     * Reads the submitted message and writes the message to send to {@code out}: unchanged when it holds no discharge
     * request, rebuilt with the pack when the request is valid, nothing when it is refused.
     */
    public CompositionResult compose(InputStream submitted, OutputStream out) throws IOException {
        Path raw = spoolFile();
        try {
            Files.copy(submitted, raw, StandardCopyOption.REPLACE_EXISTING);
            return compose(raw, out);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** Same as {@link #compose(InputStream, OutputStream)} for a message already spooled to a file. */
    public CompositionResult compose(Path submitted, OutputStream out) throws IOException {
        Message message;
        try (InputStream in = Files.newInputStream(submitted)) {
            message = parse(in);
        }
        List<Entity> dropped = new ArrayList<>();
        try {
            return switch (inspect(message, dropped)) {
                case Inspection.NoRequest none -> {
                    Files.copy(submitted, out);
                    yield new CompositionResult.NotADischarge();
                }
                case Inspection.Invalid invalid -> invalid.refused();
                case Inspection.Valid valid -> {
                    DischargePack pack = builder.build(valid.request());
                    CompositionResult.Composed result = new MessageAssembler(settings, patientCopy)
                            .assemble(message, pack, valid.attachments(), messageId(message));
                    new DefaultMessageWriter().writeMessage(message, out);
                    yield result;
                }
            };
        } finally {
            dropped.forEach(Entity::dispose);
            message.dispose();
        }
    }

    /**
     * Validates the discharge request a submitted message carries without building the pack, as the SMTP listener does
     * before it acknowledges the message: the refusal with every problem, or empty when the message carries no request
     * or a valid one.
     */
    public Optional<CompositionResult.Refused> check(InputStream submitted) throws IOException {
        Message message = parse(submitted);
        List<Entity> dropped = new ArrayList<>();
        try {
            return inspect(message, dropped) instanceof Inspection.Invalid invalid ? Optional.of(invalid.refused())
                    : Optional.empty();
        } finally {
            dropped.forEach(Entity::dispose);
            message.dispose();
        }
    }

    /** What a submitted message carries: no request, a request refused with its problems, or a valid request. */
    private sealed interface Inspection {
        record NoRequest() implements Inspection {
        }

        record Invalid(CompositionResult.Refused refused) implements Inspection {
        }

        record Valid(DischargeRequest request, List<Entity> attachments) implements Inspection {
        }
    }

    /** Finds and validates the request; the entities the pack replaces are added to {@code dropped}. */
    private Inspection inspect(Message message, List<Entity> dropped) throws IOException {
        List<Entity> requests = new ArrayList<>();
        List<Entity> attachments = new ArrayList<>();
        sort(message, requests, attachments, dropped);
        if (requests.isEmpty()) {
            return new Inspection.NoRequest();
        }
        dropped.addAll(requests);
        if (requests.size() > 1) {
            return new Inspection.Invalid(refused("$", "one patient per message: the message carries "
                    + requests.size() + " discharge requests"));
        }
        RequestVerdict verdict;
        try (InputStream in = ((SingleBody) requests.get(0).getBody()).getInputStream()) {
            verdict = parser.parse(in);
        }
        if (verdict instanceof RequestVerdict.Invalid invalid) {
            return new Inspection.Invalid(new CompositionResult.Refused(invalid.problems()));
        }
        DischargeRequest request = ((RequestVerdict.Valid) verdict).request();
        List<RequestProblem> problems = checkAgainstMessage(request, message, attachments);
        if (!problems.isEmpty()) {
            return new Inspection.Invalid(new CompositionResult.Refused(problems));
        }
        return new Inspection.Valid(request, attachments);
    }

    private Path spoolFile() throws IOException {
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        return spoolDirectory == null ? Files.createTempFile("villhop-submitted-", ".eml", ownerOnly)
                : Files.createTempFile(spoolDirectory, "villhop-submitted-", ".eml", ownerOnly);
    }

    private Message parse(InputStream in) throws IOException {
        DefaultMessageBuilder mime = new DefaultMessageBuilder();
        mime.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        mime.setBodyFactory(new SpoolingBodyFactory(MEMORY_THRESHOLD, spoolDirectory));
        return mime.parseMessage(in);
    }

    /** Sorts the leaves: discharge requests, attachments passed through, and the text bodies the pack replaces. */
    private static void sort(Entity entity, List<Entity> requests, List<Entity> attachments, List<Entity> texts) {
        if (entity.getBody() instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                sort(part, requests, attachments, texts);
            }
            return;
        }
        String filename = entity.getFilename();
        if (REQUEST_MEDIA_TYPE.equalsIgnoreCase(entity.getMimeType())
                || (filename != null && filename.toLowerCase(Locale.ROOT).endsWith(REQUEST_FILE_SUFFIX))) {
            requests.add(entity);
        } else if (entity instanceof Message) {
            return;
        } else if (filename != null || "attachment".equalsIgnoreCase(entity.getDispositionType())
                || !entity.getMimeType().toLowerCase(Locale.ROOT).startsWith("text/")) {
            attachments.add(entity);
        } else {
            texts.add(entity);
        }
    }

    private List<RequestProblem> checkAgainstMessage(DischargeRequest request, Message message, List<Entity> attachments) {
        List<RequestProblem> problems = new ArrayList<>();
        List<String> names = attachments.stream().map(Entity::getFilename).filter(n -> n != null).toList();
        for (int i = 0; i < request.attachments().size(); i++) {
            String wanted = request.attachments().get(i).fileName();
            if (!names.contains(wanted)) {
                problems.add(new RequestProblem("$.attachments[" + i + "].fileName",
                        "the message has no attachment named " + wanted));
            }
        }
        String allowed = patientCopy.decide(request).address();
        for (Mailbox mailbox : MessageAssembler.recipients(message)) {
            if (patientCopy.isPatientAddress(mailbox.getAddress()) && !mailbox.getAddress().equalsIgnoreCase(allowed)) {
                problems.add(new RequestProblem("$.patient", "the message is addressed to " + mailbox.getAddress()
                        + " in Mon espace santé; " + (allowed == null ? patientCopy.decide(request).reason()
                        : "the patient's address is " + allowed)));
            }
        }
        return problems;
    }

    private static String messageId(Message message) {
        String existing = message.getMessageId();
        if (existing != null && !existing.isBlank()) {
            return existing.trim();
        }
        String domain = "villhop.invalid";
        if (message.getFrom() != null && !message.getFrom().isEmpty()) {
            domain = message.getFrom().get(0).getDomain();
        }
        return "<" + UUID.randomUUID() + "@" + domain + ">";
    }

    private static CompositionResult.Refused refused(String path, String message) {
        return new CompositionResult.Refused(List.of(new RequestProblem(path, message)));
    }
}
