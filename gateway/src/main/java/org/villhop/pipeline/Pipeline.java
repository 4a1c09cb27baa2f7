package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.villhop.delivery.BodySource;

/**
 * Runs a message through recipient checks, then content stages in order. A stage that does not apply to the message
 * (decided from the context, then cheaply from the content's header section) costs nothing; a {@link HeaderStage}
 * is chained into whatever reads the content next; any other stage streams the previous version into a new temporary
 * file under the spool directory (never the whole message in memory); the previous temporary file is deleted as soon
 * as the next one is written. A stage's {@link StageException} refuses every
 * recipient still accepted and stops the pipeline.
 */
public final class Pipeline {
    private final List<RecipientCheck> checks;
    private final List<ContentStage> stages;
    private final Path spoolDirectory;

    public Pipeline(List<RecipientCheck> checks, List<ContentStage> stages, Path spoolDirectory) {
        this.checks = List.copyOf(checks);
        this.stages = List.copyOf(stages);
        this.spoolDirectory = spoolDirectory;
    }

    /** The content stages' names, in order (for the startup summary). */
    public List<String> stageNames() {
        return stages.stream().map(ContentStage::name).toList();
    }

    /**
     * @param context  the envelope of this pass (refusals are added to it)
     * @param original opens the message as queued
     * @param size     its size in bytes
     * @throws IOException a local failure (spool full, unreadable body): nothing decided, try again later
     */
    public PreparedMessage run(MessageContext context, BodySource original, long size) throws IOException {
        for (RecipientCheck check : checks) {
            check.check(context);
        }
        BodySource content = original;
        long contentSize = size;
        Path current = null;
        try {
            for (ContentStage stage : stages) {
                if (context.accepted().isEmpty()) {
                    break;
                }
                if (!stage.appliesTo(context) || !stage.appliesTo(context, content)) {
                    continue;
                }
                if (stage instanceof HeaderStage edit) {
                    BodySource before = content;
                    content = () -> edit.edited(context, before.open());
                    contentSize = -1;
                    continue;
                }
                Path next = spool(stage.name());
                try (OutputStream out = Files.newOutputStream(next)) {
                    stage.transform(context, content, out);
                } catch (StageException e) {
                    Files.deleteIfExists(next);
                    context.accepted().forEach(r -> context.refuse(r, e.refusal()));
                    break;
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(next);
                    throw e;
                }
                if (current != null) {
                    Files.deleteIfExists(current);
                }
                current = next;
                content = BodySource.ofFile(next);
                contentSize = Files.size(next);
            }
            if (contentSize < 0) {
                Path next = spool("edited");
                try (InputStream in = content.open(); OutputStream out = Files.newOutputStream(next)) {
                    in.transferTo(out);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(next);
                    throw e;
                }
                if (current != null) {
                    Files.deleteIfExists(current);
                }
                current = next;
                content = BodySource.ofFile(next);
                contentSize = Files.size(next);
            }
        } catch (IOException | RuntimeException e) {
            if (current != null) {
                Files.deleteIfExists(current);
            }
            throw e;
        }
        return new PreparedMessage(context, content, contentSize, current);
    }

    /** A new temporary file for a stage's output (not forced to disk: the queued original is the durable copy). */
    private Path spool(String stage) throws IOException {
        if (!Files.isDirectory(spoolDirectory)) {
            Files.createDirectories(spoolDirectory);
        }
        return Files.createTempFile(spoolDirectory, stage.replaceAll("[^A-Za-z0-9]", "_") + "-", ".eml");
    }
}
