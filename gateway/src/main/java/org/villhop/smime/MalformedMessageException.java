package org.villhop.smime;

import java.io.IOException;

/** The input is not a message villhop can read (broken MIME, broken CMS): the reason says where. */
public final class MalformedMessageException extends IOException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
