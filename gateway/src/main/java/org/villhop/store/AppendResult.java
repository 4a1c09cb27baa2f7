package org.villhop.store;

/** Where an appended message went (for APPENDUID). */
public record AppendResult(long uidValidity, long uid) {
}
