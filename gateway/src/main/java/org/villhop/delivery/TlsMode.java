package org.villhop.delivery;

import java.util.Locale;

/** How a connection to a next hop uses TLS. Trust-space destinations are always {@link #VERIFY}. */
public enum TlsMode {
    /** STARTTLS mandatory, certificate chain verified against the trust anchors and host name checked. */
    VERIFY("required-verified"),
    /** STARTTLS mandatory, certificate not verified: encryption against passive eavesdropping only. */
    ENCRYPT("required"),
    /** STARTTLS when the peer offers it (without verification), else clear text. Never for the trust space. */
    OPPORTUNISTIC("opportunistic"),
    /** TLS from the first byte (port 465 style), verified as {@link #VERIFY}. */
    IMPLICIT_VERIFY("implicit-verified");

    private final String configName;

    TlsMode(String configName) {
        this.configName = configName;
    }

    /** The name used in the configuration file. */
    public String configName() {
        return configName;
    }

    public boolean requiresTls() {
        return this != OPPORTUNISTIC;
    }

    public boolean verifiesPeer() {
        return this == VERIFY || this == IMPLICIT_VERIFY;
    }

    public static TlsMode fromConfigName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (TlsMode mode : values()) {
            if (mode.configName.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown TLS mode '" + name
                + "' (expected required-verified, required, opportunistic or implicit-verified)");
    }
}
