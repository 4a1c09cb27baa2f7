package org.villhop.pack.request;

/**
 * One thing wrong with a discharge request: where (a JSON path such as {@code $.letter.followUp}) and what.
 */
public record RequestProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
