package org.villhop.pack.message;

import java.util.List;

import org.villhop.pack.render.DocumentKind;
import org.villhop.pack.request.RequestProblem;

/** What {@link DischargeMessageComposer#compose} did with a submitted message. */
public sealed interface CompositionResult {

    /** The message carries no discharge request: it was copied to the output byte for byte. */
    record NotADischarge() implements CompositionResult {
    }

    /**
     * The request was turned into the pack; the output holds the new message.
     *
     * @param messageId       the Message-ID of the output (the submitted one, or a new one when it had none)
     * @param subject         the new subject
     * @param documents       the PDFs attached, in order (structured ones also in {@code IHE_XDM.ZIP})
     * @param codeCdaValues   the {@code X-MSS-CODECDA} values, one per CDA
     * @param patientCopy     whether the Mon espace santé copy was added, and why not when it was not
     * @param addedRecipients envelope recipients the relay must add (the patient address when the copy was added)
     */
    record Composed(String messageId, String subject, List<DocumentKind> documents, List<String> codeCdaValues,
                    PatientCopy patientCopy, List<String> addedRecipients) implements CompositionResult {
        public Composed {
            documents = List.copyOf(documents);
            codeCdaValues = List.copyOf(codeCdaValues);
            addedRecipients = List.copyOf(addedRecipients);
        }
    }

    /** The request is invalid; nothing may be sent. The problems are for the SMTP reply (554 5.6.0) or the bounce. */
    record Refused(List<RequestProblem> problems) implements CompositionResult {
        public Refused {
            problems = List.copyOf(problems);
        }

        /**
         * The text of a one-line SMTP refusal (after {@code 554 5.6.0 }): the first {@code max} problems, then how
         * many more; ASCII only, control characters removed, at most 400 characters.
         */
        public String smtpText(int max) {
            StringBuilder text = new StringBuilder("discharge request refused: ");
            int shown = Math.min(max, problems.size());
            for (int i = 0; i < shown; i++) {
                text.append(i == 0 ? "" : "; ").append(problems.get(i));
            }
            if (problems.size() > shown) {
                text.append("; and ").append(problems.size() - shown).append(" more");
            }
            String ascii = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "").replaceAll("[^\\x20-\\x7E]", "?");
            return ascii.length() <= 400 ? ascii : ascii.substring(0, 397) + "...";
        }

        /** Every problem, one per line: the body of a bounce or of the notice to the sender. */
        public String report() {
            StringBuilder text = new StringBuilder();
            problems.forEach(p -> text.append(p).append("\r\n"));
            return text.toString();
        }
    }

    /**
     * The Mon espace santé copy decision.
     *
     * @param address the patient address ({@code <INS>@patient.<domain>}) when the copy was added, else {@code null}
     * @param reason  why no copy was made (for the sender), else {@code null}
     */
    record PatientCopy(String address, String reason) {
        public static PatientCopy added(String address) {
            return new PatientCopy(address, null);
        }

        public static PatientCopy notSent(String reason) {
            return new PatientCopy(null, reason);
        }

        public boolean sent() {
            return address != null;
        }
    }
}
