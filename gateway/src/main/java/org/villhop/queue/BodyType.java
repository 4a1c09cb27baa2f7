package org.villhop.queue;

/** The {@code BODY} declared on MAIL FROM (RFC 6152): 7-bit or 8-bit MIME. */
public enum BodyType {
    SEVEN_BIT, EIGHT_BIT_MIME
}
