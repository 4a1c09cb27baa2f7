package org.villhop.pack.render;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.DelegatingLoader;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * The HTML templates of the pack (Pebble): automatic HTML escaping, strict variables (a missing field is an error,
 * never a blank). The defaults ship in the jar; an administrator's folder, when given, overrides them file by file.
 * Thread-safe; compiled templates are cached.
 */
public final class PackTemplates {

    private static final String SUFFIX = ".peb";
    private static final String CLASSPATH_PREFIX = "org/villhop/pack/templates";

    private final PebbleEngine engine;

    /** @param adminFolder the administrator's template folder, or {@code null} for the built-in templates only */
    public PackTemplates(Path adminFolder) {
        List<Loader<?>> loaders = new ArrayList<>();
        if (adminFolder != null) {
            if (!Files.isDirectory(adminFolder)) {
                throw new IllegalArgumentException("template folder not found: " + adminFolder);
            }
            FileLoader files = new FileLoader();
            files.setPrefix(adminFolder.toAbsolutePath().toString());
            files.setSuffix(SUFFIX);
            loaders.add(files);
        }
        ClasspathLoader builtIn = new ClasspathLoader(PackTemplates.class.getClassLoader());
        builtIn.setPrefix(CLASSPATH_PREFIX);
        builtIn.setSuffix(SUFFIX);
        loaders.add(builtIn);
        engine = new PebbleEngine.Builder()
                .loader(new DelegatingLoader(loaders))
                .strictVariables(true)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .defaultLocale(Locale.FRANCE)
                .extension(new PackTemplateExtension())
                .newLineTrimming(false)
                .build();
    }

    /**
     * Renders one document's template to XHTML.
     *
     * @throws TemplateFailure when the template is missing, malformed, or uses a variable the request lacks
     */
    public String render(DocumentKind kind, Map<String, Object> context) {
        try {
            PebbleTemplate template = engine.getTemplate(kind.baseName());
            StringWriter out = new StringWriter(16 * 1024);
            template.evaluate(out, context, Locale.FRANCE);
            return out.toString();
        } catch (PebbleException e) {
            throw new TemplateFailure("template " + kind.baseName() + SUFFIX + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template could not be rendered; the message names the template and the cause. */
    public static final class TemplateFailure extends RuntimeException {
        public TemplateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
