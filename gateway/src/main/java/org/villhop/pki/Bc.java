package org.villhop.pki;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider, passed explicitly to the operations that need it (never installed globally). */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
