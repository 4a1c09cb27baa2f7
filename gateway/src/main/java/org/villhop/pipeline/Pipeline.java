package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import org.villhop.delivery.BodySource;

/**
 * Runs a message through recipient checks, then content stages in order. A stage that does not apply to the message
 * (decided from the context, then cheaply from the content's header section) costs nothing; a {@link HeaderStage}
 * is chained into whatever reads the content next; any other stage streams the previous version into a new temporary
 * copy, kept in memory up to {@value #MEMORY_THRESHOLD} bytes and in a temporary file of the spool directory beyond
 * (never a large message in memory); the previous copy is dropped as soon as the next one is written. A stage's
 * {@link StageException} refuses every recipient still accepted and stops the pipeline.
 */
public final class Pipeline {
    /** Stage outputs up to this size stay in memory; larger ones go to a temporary file. */
    static final int MEMORY_THRESHOLD = 1024 * 1024;

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
        StageOutput current = null;
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
                StageOutput next = new StageOutput(MEMORY_THRESHOLD, spoolDirectory, fileName(stage.name()));
                try (OutputStream out = next.output()) {
                    stage.transform(context, content, out);
                } catch (StageException e) {
                    next.discard();
                    context.accepted().forEach(r -> context.refuse(r, e.refusal()));
                    break;
                } catch (IOException | RuntimeException e) {
                    next.discard();
                    throw e;
                }
                if (current != null) {
                    current.discard();
                }
                current = next;
                content = next.content();
                contentSize = next.size();
            }
            if (contentSize < 0) {
                StageOutput next = new StageOutput(MEMORY_THRESHOLD, spoolDirectory, "edited");
                try (InputStream in = content.open(); OutputStream out = next.output()) {
                    in.transferTo(out);
                } catch (IOException | RuntimeException e) {
                    next.discard();
                    throw e;
                }
                if (current != null) {
                    current.discard();
                }
                current = next;
                content = next.content();
                contentSize = next.size();
            }
        } catch (IOException | RuntimeException e) {
            if (current != null) {
                current.discard();
            }
            throw e;
        }
        return new PreparedMessage(context, content, contentSize, current);
    }

    private static String fileName(String stage) {
        return stage.replaceAll("[^A-Za-z0-9]", "_");
    }
}
