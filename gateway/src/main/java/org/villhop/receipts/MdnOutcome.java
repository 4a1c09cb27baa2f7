package org.villhop.receipts;

import java.util.Optional;

/**
 * What the automatic service did with a message: integrated it ({@code processed}) or failed with an error code and
 * label (ANS {@code processed/Error: <code>^<label>}, codes 900–906 for integration errors).
 */
public record MdnOutcome(Optional<String> errorCode, Optional<String> errorLabel) {
    public MdnOutcome {
        if (errorCode.isPresent() != errorLabel.isPresent()) {
            throw new IllegalArgumentException("an MDN error needs both a code and a label");
        }
        if (errorCode.isPresent() && !errorCode.get().matches("\\d{1,4}")) {
            throw new IllegalArgumentException("MDN error code '" + errorCode.get() + "' is not a number");
        }
        if (errorLabel.isPresent() && (errorLabel.get().isBlank() || errorLabel.get().matches("(?s).*[\\^\\r\\n].*"))) {
            throw new IllegalArgumentException("MDN error label must be one non-blank line without '^'");
        }
    }

    public static MdnOutcome processed() {
        return new MdnOutcome(Optional.empty(), Optional.empty());
    }

    public static MdnOutcome error(String code, String label) {
        return new MdnOutcome(Optional.of(code), Optional.of(label));
    }

    public boolean isError() {
        return errorCode.isPresent();
    }

    /** The Disposition field body. */
    public String disposition() {
        return Disposition.AUTOMATIC_PROCESSED
                + errorCode.map(c -> "/Error: " + c + "^" + errorLabel.orElseThrow()).orElse("");
    }
}
