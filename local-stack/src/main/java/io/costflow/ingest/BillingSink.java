package io.costflow.ingest;

import io.costflow.schemas.BillingLineItem;
import java.util.function.Consumer;

/** Where the ingest sends line items: the billing topic, or a list in a test. */
public interface BillingSink extends AutoCloseable {

    /**
     * Sends one line item. Calls {@code acknowledged} exactly once — possibly on another thread —
     * with null when the item is stored, or with the reason it is not.
     */
    void send(BillingLineItem item, Consumer<Exception> acknowledged);

    /** Blocks until every item sent so far has been acknowledged or has failed. */
    void flush();

    @Override
    void close();
}
