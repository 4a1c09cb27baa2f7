package org.villhop.quarantine;

import java.util.Locale;
import java.util.Set;

import org.villhop.smime.SmimeVerdict;

/**
 * What the inbound pipeline does with mail from outside whose S/MIME verdict is bad: deliver it with the verdict
 * stamped in its status header, or hold it in the quarantine ({@link QuarantineStore}) until an administrator
 * releases or deletes it. Never dropped either way.
 *
 * @param onBadSignature  for a signature that does not verify or a signer that is not trusted, revoked, expired or not
 *                        the sender
 * @param onUndecryptable for a message that cannot be decrypted (no key, failure) or is malformed S/MIME
 */
public record QuarantinePolicy(Action onBadSignature, Action onUndecryptable) {
    private static final Set<SmimeVerdict.Kind> UNDECRYPTABLE = Set.of(SmimeVerdict.Kind.NO_DECRYPTION_KEY,
            SmimeVerdict.Kind.DECRYPTION_FAILED, SmimeVerdict.Kind.MALFORMED);
    private static final Set<SmimeVerdict.Kind> ACCEPTABLE = Set.of(SmimeVerdict.Kind.VALID,
            SmimeVerdict.Kind.NOT_SIGNED);

    /** Everything delivered with its verdict (the default). */
    public static final QuarantinePolicy DELIVER_ALL = new QuarantinePolicy(Action.DELIVER, Action.DELIVER);

    /** One choice. */
    public enum Action {
        DELIVER, QUARANTINE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action fromConfigName(String name) {
            for (Action a : values()) {
                if (a.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not one of deliver, quarantine");
        }
    }

    /** True when a message with this verdict goes to the quarantine. */
    public boolean quarantines(SmimeVerdict.Kind kind) {
        if (ACCEPTABLE.contains(kind)) {
            return false;
        }
        return (UNDECRYPTABLE.contains(kind) ? onUndecryptable : onBadSignature) == Action.QUARANTINE;
    }
}
