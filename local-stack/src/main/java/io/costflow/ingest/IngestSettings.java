package io.costflow.ingest;

import java.nio.file.Path;

/**
 * What one FOCUS ingest reads and where it publishes.
 *
 * @param file the FOCUS CSV export (optionally gzip-compressed)
 * @param topic the billing topic
 * @param currency the one billing currency the pipeline sums; rows in another are rejected
 * @param serviceTag the tag that names a line's service; the summary counts lines without it
 * @param rejectsFile where to write every rejection as CSV, or null
 * @param shownProblems how many rejections and failed sends the summary lists
 */
public record IngestSettings(
        Path file,
        String topic,
        String currency,
        String serviceTag,
        Path rejectsFile,
        int shownProblems) {}
