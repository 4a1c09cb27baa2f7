package org.villhop.audit;

/**
 * Where components report what happened. Implementations never throw from {@link #record}: an audit failure must not
 * stop mail; they report it another way (see {@link HashChainJournal}).
 */
public interface AuditJournal {
    /** Records one event, stamped with the journal's clock. Never throws. */
    void record(AuditEvent event);
}
