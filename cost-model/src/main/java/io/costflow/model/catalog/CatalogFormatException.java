package io.costflow.model.catalog;

import java.io.Serializable;
import java.util.List;

/**
 * A price catalog file that cannot be used. Carries every problem found in the file, each with its
 * line number, so a user fixes the file in one pass instead of one error per attempt.
 */
public final class CatalogFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** At most this many problems are spelled out in {@link #getMessage()}; all are kept. */
    private static final int PROBLEMS_IN_MESSAGE = 50;

    /**
     * One problem on one line.
     *
     * @param line the 1-based physical line number in the file, counting comments and blank lines
     * @param message what is wrong, naming the column and the offending value
     */
    public record Problem(int line, String message) implements Serializable {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    private final String source;
    private final List<Problem> problems;

    CatalogFormatException(String source, List<Problem> problems) {
        super(describe(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The name of the file or resource that was read. */
    public String source() {
        return source;
    }

    /** Every problem found, in line order. Never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String source, List<Problem> problems) {
        StringBuilder message =
                new StringBuilder(source)
                        .append(": ")
                        .append(problems.size())
                        .append(problems.size() == 1 ? " problem" : " problems");
        problems.stream()
                .limit(PROBLEMS_IN_MESSAGE)
                .forEach(p -> message.append('\n').append("  ").append(p));
        if (problems.size() > PROBLEMS_IN_MESSAGE) {
            message.append('\n')
                    .append("  ... and ")
                    .append(problems.size() - PROBLEMS_IN_MESSAGE)
                    .append(" more");
        }
        return message.toString();
    }
}
