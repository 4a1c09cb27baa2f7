package org.villhop.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a YAML configuration file into a {@link GatewayConfig}, or fails with every error found (line and key), not
 * only the first. Relative paths in the file are relative to the file's directory.
 */
public final class ConfigLoader {
    /** The commented default used by {@code villhop serve} without {@code --config}. */
    public static final String DEFAULT_RESOURCE = "/org/villhop/config/default.yaml";

    private final boolean checkFiles;

    /** @param checkFiles whether the files the configuration names must exist and be readable */
    public ConfigLoader(boolean checkFiles) {
        this.checkFiles = checkFiles;
    }

    public GatewayConfig load(Path file) throws IOException, ConfigException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /**
     * The embedded default: loopback listeners MX 2525, submission 2587 (STARTTLS), submissions 2465 (implicit TLS),
     * the sample PKI under {@code certs-sample/} and data in {@code ./data}, paths relative to {@code baseDir}
     * (the working directory for {@code villhop serve}).
     */
    public GatewayConfig loadDefault(Path baseDir) throws ConfigException {
        return parse(defaultText(), "embedded default configuration", baseDir);
    }

    /** The text of the embedded default configuration (commented YAML). */
    public static String defaultText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public GatewayConfig parse(String yaml, String source, Path baseDir) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Node root;
        try (Reader reader = new StringReader(yaml)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(source, List.of(new ConfigError(line, "", "YAML syntax error: "
                    + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"))));
        } catch (YAMLException | IOException e) {
            throw new ConfigException(source, List.of(new ConfigError(0, "", "cannot read YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(source, List.of(new ConfigError(root == null ? 0 : root.getStartMark().getLine()
                    + 1, "", "the configuration must be a mapping of keys (it is " + (root == null ? "empty" : "not")
                    + ")")));
        }
        GatewayConfig config = new ConfigReader().read(new YamlSection(mapping, "",
                new YamlSection.Context(errors, baseDir, checkFiles)));
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(ConfigError::line));
            throw new ConfigException(source, errors);
        }
        return config;
    }
}
