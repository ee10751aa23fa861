package io.costflow.model.focus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses the date-times FOCUS exports write. FOCUS asks for ISO-8601 in UTC, and the clouds write
 * it in several shapes: {@code 2024-01-01T00:00:00Z}, {@code 2024-01-01T00:00:00.000Z}, {@code
 * 2024-01-01 00:00:00}, {@code 2024-01-01T02:00:00+02:00}, BigQuery's {@code 2024-01-01 00:00:00
 * UTC}, or a bare date. A value without an offset is UTC, as FOCUS specifies.
 */
final class FocusTimestamps {

    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendPattern("['T'][' ']")
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH:MM:ss", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH", "Z")
                    .optionalEnd()
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withChronology(IsoChronology.INSTANCE)
                    .withResolverStyle(ResolverStyle.STRICT);

    private FocusTimestamps() {}

    /**
     * The instant a value names, truncated to milliseconds (the precision of the contract's
     * timestamps, so that a period that looks positive here is positive downstream too).
     *
     * @throws DateTimeParseException if the value is not one of the accepted shapes
     */
    static Instant parse(String value) {
        String text = value.strip();
        if (text.regionMatches(true, text.length() - 3, "UTC", 0, 3)) {
            text = text.substring(0, text.length() - 3).strip();
        }
        TemporalAccessor parsed = FORMAT.parse(text);
        LocalDate date = LocalDate.from(parsed);
        LocalTime time =
                parsed.isSupported(ChronoField.HOUR_OF_DAY)
                        ? LocalTime.from(parsed)
                        : LocalTime.MIDNIGHT;
        ZoneOffset offset =
                parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? ZoneOffset.from(parsed)
                        : ZoneOffset.UTC;
        return OffsetDateTime.of(date, time, offset).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
