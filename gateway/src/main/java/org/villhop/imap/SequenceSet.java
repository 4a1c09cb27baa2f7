package org.villhop.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set ({@code 1:3,5,7:*}) of message sequence numbers or UIDs. {@code *} stands for the largest value in
 * use, and a range is the same whichever way round it is written (RFC 3501 section 9, seq-range).
 */
record SequenceSet(List<long[]> ranges) {

    static final long STAR = -1;

    static SequenceSet parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            long from = number(colon < 0 ? part : part.substring(0, colon), text);
            long to = colon < 0 ? from : number(part.substring(colon + 1), text);
            ranges.add(new long[] {from, to});
        }
        return new SequenceSet(ranges);
    }

    private static long number(String value, String set) {
        if (value.equals("*")) {
            return STAR;
        }
        try {
            long n = Long.parseLong(value);
            if (n <= 0 || n > 0xFFFFFFFFL || !value.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ImapException.bad("invalid sequence set: " + set);
        }
    }

    /** Whether {@code value} is in the set, {@code *} being {@code largest}. */
    boolean contains(long value, long largest) {
        for (long[] range : ranges) {
            long a = range[0] == STAR ? largest : range[0];
            long b = range[1] == STAR ? largest : range[1];
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** Renders ascending values compactly ({@code 1:3,7}) for response codes such as COPYUID. */
    static String format(List<Long> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < values.size()) {
            int j = i;
            while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(values.get(i));
            if (j > i) {
                out.append(':').append(values.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
