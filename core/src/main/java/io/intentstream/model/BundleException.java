package io.intentstream.model;

/** A model bundle is missing, unreadable, corrupt or does not fit this engine; the message says which and why. */
public class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
