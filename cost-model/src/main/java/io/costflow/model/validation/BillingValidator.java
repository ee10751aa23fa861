package io.costflow.model.validation;

import io.costflow.schemas.BillingLineItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rejects billing lines that cannot be right: no id, a period that ends before it starts, a foreign
 * currency.
 */
public final class BillingValidator implements RecordValidator<BillingLineItem> {

    private static final long serialVersionUID = 1L;

    private final String currency;
    private final Duration maxFutureSkew;
    private final Clock clock;

    /**
     * @param currency the one billing currency this pipeline sums (ISO 4217); summing two
     *     currencies would silently produce a meaningless number
     */
    public BillingValidator(String currency) {
        this(currency, Duration.ofDays(1), Clock.systemUTC());
    }

    /**
     * @param maxFutureSkew how far ahead of {@code clock} a charge may start before it is absurd
     */
    public BillingValidator(String currency, Duration maxFutureSkew, Clock clock) {
        this.currency = currency;
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    @Override
    public Optional<Rejection> validate(BillingLineItem item) {
        if (item.getLineItemId() == null || item.getLineItemId().isBlank()) {
            return reject(Rejection.MISSING_ID, "lineItemId is required");
        }
        if (!item.getChargePeriodEnd().isAfter(item.getChargePeriodStart())) {
            return reject(
                    Rejection.INVALID_PERIOD,
                    "chargePeriodEnd "
                            + item.getChargePeriodEnd()
                            + " is not after chargePeriodStart "
                            + item.getChargePeriodStart());
        }
        Instant latestPlausible = clock.instant().plus(maxFutureSkew);
        if (item.getChargePeriodStart().isAfter(latestPlausible)) {
            return reject(
                    Rejection.FUTURE_TIMESTAMP,
                    "chargePeriodStart "
                            + item.getChargePeriodStart()
                            + " is after "
                            + latestPlausible);
        }
        if (!currency.equals(item.getBillingCurrency())) {
            return reject(
                    Rejection.WRONG_CURRENCY,
                    "billingCurrency " + item.getBillingCurrency() + ", expected " + currency);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}
