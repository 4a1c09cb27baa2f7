package org.villhop.receipts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Disposition field of an MDN (RFC 8098 §3.2.6), with the ANS error form
 * {@code processed/Error: <code>^<label>[^...]} read into a code (900–906 for integration errors) and a label.
 *
 * @param actionMode   {@code automatic-action} or {@code manual-action}
 * @param sendingMode  {@code MDN-sent-automatically} or {@code MDN-sent-manually}
 * @param type         {@code processed}, {@code displayed}, {@code deleted}, {@code dispatched} (lower case)
 * @param error        the error modifier's text when there is one ({@code "902^Identifiant patient inconnu"})
 */
public record Disposition(String actionMode, String sendingMode, String type, Optional<String> error) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*([\\w-]+)\\s*/\\s*([\\w-]+)\\s*;\\s*([\\w-]+)\\s*(?:/\\s*(.*))?", Pattern.DOTALL);
    private static final Pattern ERROR = Pattern.compile("(?i)error\\s*(?::\\s*(.*))?", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\s*(\\d{1,4})\\s*(?:\\^([^^]*))?.*", Pattern.DOTALL);

    /** The ANS success disposition of an automatic service mailbox. */
    public static final String AUTOMATIC_PROCESSED = "automatic-action/MDN-sent-automatically; processed";

    /**
     * Reads a Disposition field body. {@code errorField} is the separate Error field of older MDNs (RFC 3798), used when
     * the modifier is a bare {@code error}; may be null.
     */
    public static Disposition parse(String field, String errorField) {
        Matcher m = FORM.matcher(field);
        if (!m.matches()) {
            throw new ReceiptException("malformed MDN Disposition '" + field.strip()
                    + "' (expected action-mode/sending-mode; type[/modifier])");
        }
        Optional<String> error = Optional.empty();
        if (m.group(4) != null) {
            Matcher e = ERROR.matcher(m.group(4).strip());
            if (e.matches()) {
                String text = e.group(1) != null ? e.group(1) : errorField;
                error = Optional.of(text == null ? "" : text.strip());
            }
        }
        return new Disposition(m.group(1), m.group(2), m.group(3).toLowerCase(Locale.ROOT), error);
    }

    /** The error code ("902") when the error text starts with one. */
    public Optional<String> errorCode() {
        return error.map(CODE::matcher).filter(Matcher::matches).map(c -> c.group(1));
    }

    /** The error label, the text after the code up to the next {@code ^}; the whole error text when it has no code. */
    public Optional<String> errorLabel() {
        return error.map(text -> {
            Matcher c = CODE.matcher(text);
            return c.matches() ? (c.group(2) == null ? "" : c.group(2).strip()) : text;
        });
    }

    /** The recipient state this disposition reports. */
    public RecipientStatus status() {
        if (error.isPresent()) {
            return RecipientStatus.INTEGRATION_ERROR;
        }
        return switch (type) {
            case "processed" -> RecipientStatus.PROCESSED;
            case "displayed" -> RecipientStatus.DISPLAYED;
            case "deleted" -> RecipientStatus.DELETED;
            case "dispatched" -> RecipientStatus.DISPATCHED;
            default -> throw new ReceiptException("unknown MDN disposition type '" + type
                    + "' (expected processed, displayed, deleted or dispatched)");
        };
    }
}
