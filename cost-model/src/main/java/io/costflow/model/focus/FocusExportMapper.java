package io.costflow.model.focus;

import io.costflow.schemas.BillingLineItem;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the rows of one FOCUS export file, in file order. One instance per file; not thread-safe.
 *
 * <p>It adds one thing to {@link FocusRowMapper}: two rows of the same file whose identifying
 * columns are all equal derive the same line item id, and downstream the second would replace the
 * first as if it were a restatement, losing its cost. So the n-th such row (n &gt; 1) gets the id
 * {@code <derived id>#n}. Re-ingesting the same or a restated export gives the same ids again,
 * because the export repeats those rows in the same number. Ids read from a provider column are
 * left alone: there a repeat is the provider's own restatement.
 *
 * <p>Memory: one map entry (a 64-bit fingerprint and a count, roughly 80 bytes) per distinct
 * derived id seen, i.e. about 80 MB per million rows.
 */
public final class FocusExportMapper {

    private final FocusRowMapper rowMapper;
    private final Map<Long, Integer> occurrences = new HashMap<>();

    public FocusExportMapper(FocusRowMapper rowMapper) {
        this.rowMapper = rowMapper;
    }

    /** Maps the next row of the file; see {@link FocusRowMapper#map}. */
    public FocusRowResult map(long rowNumber, Map<String, String> values) {
        FocusRowResult result = rowMapper.map(rowNumber, values);
        if (!(result instanceof FocusRowResult.Accepted accepted) || !accepted.derivedId()) {
            return result;
        }
        String id = accepted.item().getLineItemId();
        int occurrence = occurrences.merge(FocusLineItemIds.fingerprint(id), 1, Integer::sum);
        if (occurrence == 1) {
            return result;
        }
        BillingLineItem renamed =
                BillingLineItem.newBuilder(accepted.item())
                        .setLineItemId(id + "#" + occurrence)
                        .build();
        return new FocusRowResult.Accepted(rowNumber, renamed, true);
    }
}
