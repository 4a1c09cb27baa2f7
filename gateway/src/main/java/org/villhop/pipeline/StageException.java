package org.villhop.pipeline;

/** A stage refuses the whole message for good (bad content, no key to sign with...): it bounces with this reason. */
public final class StageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    public StageException(Refusal refusal) {
        super(refusal.status() + " " + refusal.detail());
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
