package io.costflow.pipeline.source;

import io.costflow.schemas.BillingLineItem;

/**
 * A billing line item with its version: the offset of its record in the billing topic. All versions
 * of a line item share a key and so a partition, so a later version has a higher offset whatever
 * path it takes through the job.
 */
public record VersionedLine(BillingLineItem line, long version) {}
