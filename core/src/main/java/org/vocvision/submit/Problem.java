package org.vocvision.submit;

/**
 * One thing wrong with a submission.
 *
 * @param line the 1-based line of the file it is on, or 0 when it concerns the file as a whole
 * @param message what is wrong, naming the row
 */
public record Problem(int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? message : "file: " + message;
    }
}
