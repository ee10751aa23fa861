package io.costflow.model.focus;

import static io.costflow.model.focus.FocusRows.ec2Hour;
import static io.costflow.model.focus.FocusRows.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FocusExportMapperTest {

    private static final FocusRowMapper ROWS = new FocusRowMapper("USD");

    @Test
    void shouldNumberRepeatsWhenRowsOfOneFileShareTheirIdentifyingColumns() {
        Map<String, String> other = with(ec2Hour(), "SkuId", "Z3DT4ZN6VP");
        List<Map<String, String>> file =
                List.of(ec2Hour(), other, with(ec2Hour(), "BilledCost", "0.5"), ec2Hour());

        List<String> ids = ids(file);

        String base = ids.get(0);
        assertThat(ids).containsExactly(base, ids.get(1), base + "#2", base + "#3");
        assertThat(ids.get(1)).doesNotStartWith(base);
    }

    @Test
    void shouldGiveTheSameIdsWhenTheSameFileIsIngestedAgain() {
        List<Map<String, String>> file =
                List.of(ec2Hour(), ec2Hour(), with(ec2Hour(), "RegionId", "us-east-1"));

        assertThat(ids(file)).isEqualTo(ids(file)).doesNotHaveDuplicates();
    }

    @Test
    void shouldNotCountRejectedRowsWhenNumberingRepeats() {
        FocusExportMapper mapper = new FocusExportMapper(ROWS);

        FocusRowResult first = mapper.map(2, ec2Hour());
        FocusRowResult broken = mapper.map(3, with(ec2Hour(), "BilledCost", "abc"));
        FocusRowResult second = mapper.map(4, ec2Hour());

        assertThat(broken).isInstanceOf(FocusRowResult.Rejected.class);
        assertThat(id(second)).isEqualTo(id(first) + "#2");
        assertThat(second.rowNumber()).isEqualTo(4);
    }

    @Test
    void shouldKeepProviderIdsWhenTheyRepeat() {
        Map<String, String> row = with(ec2Hour(), "InvoiceLineItemId", "inv-42/7");

        List<String> ids = ids(List.of(row, row));

        assertThat(ids).containsExactly("inv-42/7", "inv-42/7");
    }

    private static List<String> ids(List<Map<String, String>> file) {
        FocusExportMapper mapper = new FocusExportMapper(ROWS);
        return IntStream.range(0, file.size())
                .mapToObj(i -> id(mapper.map(i + 2, file.get(i))))
                .toList();
    }

    private static String id(FocusRowResult result) {
        assertThat(result).isInstanceOf(FocusRowResult.Accepted.class);
        return ((FocusRowResult.Accepted) result).item().getLineItemId();
    }
}
