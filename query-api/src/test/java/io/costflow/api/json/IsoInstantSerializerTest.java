package io.costflow.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written instant format against the JDK's; that the API's JSON uses it is checked by
 * {@code CostWindowControllerTest}.
 */
class IsoInstantSerializerTest {

    @Test
    void shouldWriteTheJdkFormattersTextWhenTheFractionHasAnyShape() {
        List<Instant> instants =
                List.of(
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("1970-01-01T00:00:00Z"),
                        Instant.parse("1969-12-31T23:59:59Z"),
                        Instant.parse("2024-02-29T12:34:56.100Z"),
                        Instant.parse("2024-02-29T12:34:56.123400Z"),
                        Instant.parse("2024-02-29T12:34:56.000000001Z"),
                        Instant.parse("0000-01-01T00:00:00Z"),
                        Instant.parse("9999-12-31T23:59:59.999999999Z"));
        for (Instant instant : instants) {
            assertThat(IsoInstantSerializer.format(instant))
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    @Test
    void shouldLeaveItToTheJdkFormatterWhenTheYearIsOutsideFourDigits() {
        for (Instant instant :
                List.of(
                        Instant.MIN,
                        Instant.MAX,
                        Instant.parse("+10000-01-01T00:00:00Z"),
                        Instant.parse("-0001-12-31T23:59:59.5Z"))) {
            assertThat(IsoInstantSerializer.format(instant))
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    @Test
    void shouldMatchTheJdkFormatterWhenInstantsAreRandom() {
        SplittableRandom random = new SplittableRandom(7);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos =
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
            assertThat(IsoInstantSerializer.format(instant))
                    .as("%s", instant)
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }
}
