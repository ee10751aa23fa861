package io.costflow.api.cost;

/** What {@code GET /v1/costs/totals} adds cost windows up by. */
public enum CostGrouping {
    /** One total per service id. */
    SERVICE,
    /**
     * One total per owner of the service's config; services without a config under {@code
     * _unowned}.
     */
    OWNER,
    /** One total per FOCUS charge category of the windows' {@code cost_by_category}. */
    CATEGORY
}
