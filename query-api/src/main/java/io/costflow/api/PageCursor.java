package io.costflow.api;

import io.costflow.api.problem.InvalidParam;
import io.costflow.api.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A position in a list ordered by a unique key (keyset pagination): the key of the last item a page
 * showed. The next page starts after that key rather than after a number of items, so rows inserted
 * or deleted while a client pages (the pipeline keeps writing alerts, recommendations and cost
 * windows) neither repeat an item nor skip one.
 *
 * <p>On the wire it is opaque: URL-safe Base64 of the list's name and the key's parts, separated by
 * NUL, which no PostgreSQL text value can contain. The name stops a cursor of one list from being
 * read as a position in another.
 *
 * @param raw the cursor as the client sent it, for error messages
 * @param key the parts of the sort key, in sort order
 */
public record PageCursor(String raw, List<String> key) {

    /** The query parameter. */
    public static final String PARAM = "cursor";

    /** Longer than any cursor the API gives out, so a decoded cursor stays small. */
    static final int MAX_LENGTH = 1024;

    private static final char SEPARATOR = '\0';

    /**
     * The cursor a client sent for {@code list}, or null when it sent none.
     *
     * @param page the page number the client sent as well: paging by cursor starts at the cursor,
     *     so any page but the first contradicts it
     * @param parts how many parts the list's sort key has
     * @throws ProblemException a 400 naming {@code cursor} (or {@code page}) when the cursor is not
     *     one this list gave out, or both a cursor and a page beyond the first were sent
     */
    public static @Nullable PageCursor parse(
            String list, @Nullable String raw, int page, int parts) {
        if (raw == null) {
            return null;
        }
        if (page != 0) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "page",
                                    Integer.toString(page),
                                    "must be 0 or left out when '" + PARAM + "' is sent")));
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid(
                    raw.substring(0, 64) + "…", "is longer than any cursor the API gives out");
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, notFrom(list));
        }
        List<String> fields = Arrays.asList(decoded.split(String.valueOf(SEPARATOR), -1));
        if (fields.size() != parts + 1 || !fields.get(0).equals(list)) {
            throw invalid(raw, notFrom(list));
        }
        return new PageCursor(raw, List.copyOf(fields.subList(1, fields.size())));
    }

    /** The cursor after an item whose sort key is {@code key} (each part by its toString). */
    public static String of(String list, Object... key) {
        StringBuilder text = new StringBuilder(list);
        for (Object part : key) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page of a list read with one row more than {@code size}: the first {@code size} rows, and
     * the cursor after the last of them when that extra row shows there is more.
     */
    public static <T> Slice<T> slice(List<T> fetched, int size, Function<T, String> cursorOf) {
        if (fetched.size() <= size) {
            return new Slice<>(fetched, null);
        }
        List<T> items = new ArrayList<>(fetched.subList(0, size));
        return new Slice<>(items, cursorOf.apply(items.get(size - 1)));
    }

    /**
     * One page of a list and the cursor of the next.
     *
     * @param nextCursor null on the last page
     */
    public record Slice<T>(List<T> items, @Nullable String nextCursor) {}

    /**
     * A position in a list ordered by a time, newest first, then by an id: the time and id of the
     * last item shown.
     */
    public record TimeAndId(Instant time, String id) {

        /** The position in a cursor of two parts, time and id; null for no cursor. */
        public static @Nullable TimeAndId in(@Nullable PageCursor cursor) {
            return cursor == null ? null : new TimeAndId(cursor.instant(0), cursor.text(1));
        }

        /**
         * The SQL condition for the rows after a position in the order {@code timeColumn DESC,
         * idColumn}, with four parameters for {@link #bind}; true for no position.
         */
        public static String after(String timeColumn, String idColumn) {
            return "(?::timestamptz IS NULL OR %1$s < ? OR (%1$s = ? AND %2$s > ?))"
                    .formatted(timeColumn, idColumn);
        }

        /** Binds the parameters of {@link #after} from {@code index} on; returns the next index. */
        public static int bind(PreparedStatement s, int index, @Nullable TimeAndId position)
                throws SQLException {
            OffsetDateTime time =
                    position == null ? null : position.time().atOffset(ZoneOffset.UTC);
            s.setObject(index, time);
            s.setObject(index + 1, time);
            s.setObject(index + 2, time);
            s.setString(index + 3, position == null ? null : position.id());
            return index + 4;
        }
    }

    /** Part {@code i} as text. */
    public String text(int i) {
        return key.get(i);
    }

    /** Part {@code i} as an instant; a 400 when it is not one PostgreSQL can store. */
    public Instant instant(int i) {
        try {
            Instant value = Instant.parse(key.get(i));
            if (!value.isBefore(TimeRanges.EARLIEST) && value.isBefore(TimeRanges.END_OF_TIME)) {
                return value;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw invalid(raw, "holds no valid position");
    }

    /** Part {@code i} as a whole number; a 400 when it is not one. */
    public long number(int i) {
        try {
            return Long.parseLong(key.get(i));
        } catch (NumberFormatException e) {
            throw invalid(raw, "holds no valid position");
        }
    }

    private static String notFrom(String list) {
        return "is not a cursor of " + list + "; send the 'nextCursor' of a previous page as it is";
    }

    private static ProblemException invalid(String value, String reason) {
        return ProblemException.invalidParams(List.of(new InvalidParam(PARAM, value, reason)));
    }
}
