package org.villhop.audit;

/**
 * The result of checking a journal.
 *
 * @param intact   true when every entry is unchanged and in place
 * @param entries  entries read
 * @param line     the 1-based line of the first problem (0 when intact)
 * @param problem  what is wrong there, or null
 * @param headHash the last entry's hash (worth copying elsewhere: it anchors the whole chain)
 */
public record VerifyReport(boolean intact, long entries, long line, String problem, String headHash) {
}
