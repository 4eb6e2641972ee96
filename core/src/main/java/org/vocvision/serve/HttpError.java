package org.vocvision.serve;

/** A request the server refuses, with the HTTP status and a message the user can act on. */
final class HttpError extends RuntimeException {

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
