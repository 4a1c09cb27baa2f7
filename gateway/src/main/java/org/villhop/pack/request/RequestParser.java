package org.villhop.pack.request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Reads a discharge request and checks it completely: JSON syntax, the JSON Schema
 * ({@code discharge-request.schema.json}, shipped in the jar) and the {@link CompletenessRules}. Every problem is
 * reported at once, each with its JSON path; a request is built only when there is none. Thread-safe.
 */
public final class RequestParser {

    /** Requests are small documents; anything larger is refused before parsing. */
    public static final int MAX_REQUEST_BYTES = 1 << 20;

    private static final String SCHEMA_RESOURCE = "/org/villhop/pack/discharge-request.schema.json";

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final JsonSchema schema;
    private final CompletenessRules rules;

    public RequestParser(CompletenessRules rules) {
        this.rules = rules;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .locale(Locale.ENGLISH)
                .build();
        try (InputStream in = RequestParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("discharge request schema missing from the class path: " + SCHEMA_RESOURCE);
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RequestVerdict parse(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (bytes.length > MAX_REQUEST_BYTES) {
            return new RequestVerdict.Invalid(List.of(new RequestProblem("$",
                    "the request is larger than " + MAX_REQUEST_BYTES + " bytes")));
        }
        return parse(bytes);
    }

    public RequestVerdict parse(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return new RequestVerdict.Invalid(List.of(new RequestProblem("$",
                    "not valid JSON" + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            return new RequestVerdict.Invalid(List.of(new RequestProblem("$", "the request is empty")));
        }
        List<RequestProblem> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(root)) {
            problems.add(new RequestProblem(message.getInstanceLocation().toString(), describe(message)));
        }
        problems.addAll(rules.check(root));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(RequestProblem::path).thenComparing(RequestProblem::message));
            return new RequestVerdict.Invalid(problems.stream().distinct().toList());
        }
        try {
            return new RequestVerdict.Valid(mapper.treeToValue(root, DischargeRequest.class));
        } catch (JsonProcessingException e) {
            return new RequestVerdict.Invalid(List.of(new RequestProblem("$", e.getOriginalMessage())));
        }
    }

    private static String describe(ValidationMessage message) {
        String text = message.getMessage();
        String prefix = message.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
