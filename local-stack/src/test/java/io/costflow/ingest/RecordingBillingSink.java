package io.costflow.ingest;

import io.costflow.schemas.BillingLineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A sink that keeps what it is sent and acknowledges at once, failing the items it is told to. */
final class RecordingBillingSink implements BillingSink {

    private final Predicate<BillingLineItem> fails;
    final List<BillingLineItem> stored = new ArrayList<>();
    int flushes;
    boolean closed;

    RecordingBillingSink() {
        this(item -> false);
    }

    RecordingBillingSink(Predicate<BillingLineItem> fails) {
        this.fails = fails;
    }

    @Override
    public void send(BillingLineItem item, Consumer<Exception> acknowledged) {
        if (fails.test(item)) {
            acknowledged.accept(new IllegalStateException("broker gone"));
        } else {
            stored.add(item);
            acknowledged.accept(null);
        }
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
