package io.costflow.pipeline;

import io.costflow.model.ServiceAttribution;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.ChargeClass;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A deterministic hour of messy billing and telemetry, with the totals a correct pipeline must
 * produce: thousands of line items, tagged and untagged (attributed through telemetry), for
 * resources telemetry never names, taxes without a resource, restatements (some moving a charge to
 * another service), duplicates, FOCUS corrections, credits, out-of-order and late arrivals,
 * undecodable bytes and a foreign currency. Expected totals are the sums of the latest version of
 * every accepted line item, per service.
 */
final class ReconciliationScenario {

    static final Instant BEGINNING = Instant.parse("2026-11-02T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(1);
    static final Duration WINDOW = Duration.ofMinutes(1);

    final List<ProducerRecord<String, byte[]>> telemetry = new ArrayList<>();
    final List<ProducerRecord<String, byte[]>> billing = new ArrayList<>();

    /** Requests per service, each scrape counted once however often it was sent. */
    final Map<String, Long> expectedRequestsByService = new HashMap<>();

    /** lineItemId -> the latest accepted version. */
    private final Map<String, BillingLineItem> latest = new LinkedHashMap<>();

    /** Every accepted line in the order of {@link #billing}, which ends with the rejected ones. */
    private final List<BillingLineItem> accepted = new ArrayList<>();

    private final Map<String, String> serviceOfResource = new HashMap<>();
    int rejectedBilling;

    private final String billingTopic;

    ReconciliationScenario(String telemetryTopic, String billingTopic, long seed) {
        this.billingTopic = billingTopic;
        Random random = new Random(seed);
        List<String> services = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            services.add("svc-" + s);
        }
        // Telemetry: 4 resources per service, one 60 s scrape per minute, in time order as
        // scrapers write it.
        for (String service : services) {
            for (int r = 0; r < 4; r++) {
                serviceOfResource.put(service + "-r" + r, service);
            }
        }
        // Every 20th scrape is sent again after the rest (a scraper's retry, same eventId): late,
        // so it would re-fire its window and count twice were it not recognised.
        List<ProducerRecord<String, byte[]>> repeats = new ArrayList<>();
        for (int minute = 1; minute <= SPAN.toMinutes(); minute++) {
            for (String resource : serviceOfResource.keySet().stream().sorted().toList()) {
                TelemetryEvent e =
                        Fixtures.telemetry(
                                serviceOfResource.get(resource),
                                resource,
                                BEGINNING.plusSeconds(60L * minute),
                                100 + random.nextInt(50),
                                random.nextInt(3));
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(
                                telemetryTopic, resource, Serdes.telemetry().serialize(e));
                telemetry.add(record);
                if (telemetry.size() % 20 == 0) {
                    repeats.add(record);
                }
                expectedRequestsByService.merge(e.getServiceId(), e.getRequestCount(), Long::sum);
            }
        }
        telemetry.addAll(repeats);

        List<BillingLineItem> originals = new ArrayList<>();
        // One line per resource per 2-minute block (spanning two windows), half of them untagged.
        int n = 0;
        for (String resource : serviceOfResource.keySet().stream().sorted().toList()) {
            for (int block = 0; block < SPAN.toMinutes() / 2; block++) {
                String tag = (n % 2 == 0) ? serviceOfResource.get(resource) : null;
                BillingLineItem line =
                        line(
                                "li-" + n++,
                                tag,
                                resource,
                                BEGINNING.plusSeconds(120L * block),
                                Duration.ofMinutes(2),
                                amount(random),
                                ChargeCategory.USAGE,
                                null);
                originals.add(line);
            }
        }
        // Resources telemetry never names, and taxes without a resource: both __unallocated__.
        for (int i = 0; i < 40; i++) {
            originals.add(
                    line(
                            "li-ghost-" + i,
                            null,
                            "ghost-" + i,
                            BEGINNING.plusSeconds(90L * i),
                            Duration.ofSeconds(90),
                            amount(random),
                            ChargeCategory.USAGE,
                            null));
        }
        for (int i = 0; i < 20; i++) {
            originals.add(
                    line(
                            "li-tax-" + i,
                            null,
                            null,
                            BEGINNING.plusSeconds(180L * i),
                            Duration.ofMinutes(3),
                            amount(random),
                            ChargeCategory.TAX,
                            null));
        }
        // Credits and FOCUS corrections of earlier periods.
        for (int i = 0; i < 60; i++) {
            String service = services.get(i % services.size());
            ChargeCategory category =
                    i % 2 == 0 ? ChargeCategory.CREDIT : ChargeCategory.ADJUSTMENT;
            originals.add(
                    line(
                            "li-corr-" + i,
                            service,
                            service + "-r0",
                            BEGINNING.plusSeconds(60L * (i % 50)),
                            Duration.ofMinutes(1),
                            amount(random).negate(),
                            category,
                            ChargeClass.CORRECTION));
        }

        // Out of order: originals in shuffled order.
        Collections.shuffle(originals, random);
        originals.forEach(this::send);

        // Restatements of a third of the lines; every tenth moves to another service by its tag.
        List<BillingLineItem> restatements = new ArrayList<>();
        for (int i = 0; i < originals.size(); i += 3) {
            BillingLineItem original = originals.get(i);
            BillingLineItem.Builder restated =
                    BillingLineItem.newBuilder(original)
                            .setBilledCost(amount(random))
                            .setEffectiveCost(amount(random));
            if (i % 10 == 0) {
                restated.setTags(Map.of("service", services.get((i / 10) % services.size())));
            }
            restatements.add(restated.build());
        }
        Collections.shuffle(restatements, random);
        restatements.forEach(this::send);

        // Duplicates of latest versions (a producer retry or an upstream replay).
        List<BillingLineItem> current = new ArrayList<>(latest.values());
        for (int i = 0; i < current.size(); i += 7) {
            send(current.get(i));
        }

        // What the pipeline must reject.
        for (int i = 0; i < 5; i++) {
            billing.add(
                    new ProducerRecord<>(
                            billingTopic,
                            "garbage-" + i,
                            ("{\"cost\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
            rejectedBilling++;
        }
        for (int i = 0; i < 5; i++) {
            BillingLineItem euro =
                    BillingLineItem.newBuilder(
                                    line(
                                            "li-eur-" + i,
                                            "svc-0",
                                            "svc-0-r0",
                                            BEGINNING,
                                            Duration.ofMinutes(1),
                                            amount(random),
                                            ChargeCategory.USAGE,
                                            null))
                            .setBillingCurrency("EUR")
                            .build();
            billing.add(
                    new ProducerRecord<>(
                            billingTopic, euro.getLineItemId(), Serdes.billing().serialize(euro)));
            rejectedBilling++;
        }
    }

    private void send(BillingLineItem line) {
        latest.put(line.getLineItemId(), line);
        accepted.add(line);
        billing.add(
                new ProducerRecord<>(
                        billingTopic, line.getLineItemId(), Serdes.billing().serialize(line)));
    }

    /** Billed cost per service of the latest version of every accepted line item. */
    Map<String, BigDecimal> expectedBilledByService() {
        return expectedBilledByService(accepted.size());
    }

    /**
     * Billed cost per service after only the first {@code records} of {@link #billing}: the latest
     * version of each line item among them.
     */
    Map<String, BigDecimal> expectedBilledByService(int records) {
        if (records > accepted.size()) {
            throw new IllegalArgumentException(
                    "only the first " + accepted.size() + " billing records are accepted");
        }
        Map<String, BillingLineItem> latestSoFar = new HashMap<>();
        accepted.subList(0, records).forEach(line -> latestSoFar.put(line.getLineItemId(), line));
        Map<String, BigDecimal> expected = new HashMap<>();
        for (BillingLineItem line : latestSoFar.values()) {
            expected.merge(serviceOf(line), line.getBilledCost(), BigDecimal::add);
        }
        return expected;
    }

    BigDecimal expectedTotal() {
        return expectedBilledByService().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    int lineItems() {
        return latest.size();
    }

    private String serviceOf(BillingLineItem line) {
        String tag = line.getTags().get("service");
        if (tag != null) {
            return tag;
        }
        if (line.getResourceId() == null) {
            return ServiceAttribution.UNALLOCATED;
        }
        return serviceOfResource.getOrDefault(line.getResourceId(), ServiceAttribution.UNALLOCATED);
    }

    private static BigDecimal amount(Random random) {
        // Up to 12 decimal places, as real exports have.
        return Decimals.normalize(
                BigDecimal.valueOf(1 + random.nextInt(2_000_000_000), 12)
                        .add(BigDecimal.valueOf(random.nextInt(5))));
    }

    private static BillingLineItem line(
            String id,
            String serviceTag,
            String resource,
            Instant start,
            Duration length,
            BigDecimal cost,
            ChargeCategory category,
            ChargeClass chargeClass) {
        return BillingLineItem.newBuilder()
                .setLineItemId(id)
                .setBillingAccountId("acct-1")
                .setChargePeriodStart(start)
                .setChargePeriodEnd(start.plus(length))
                .setChargeCategory(category)
                .setChargeClass(chargeClass)
                .setBilledCost(cost)
                .setEffectiveCost(cost)
                .setListCost(cost.abs())
                .setBillingCurrency("USD")
                .setResourceId(resource)
                .setServiceName("Amazon Elastic Compute Cloud")
                .setTags(serviceTag == null ? Map.of() : Map.of("service", serviceTag))
                .build();
    }
}
