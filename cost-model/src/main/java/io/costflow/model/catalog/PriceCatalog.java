package io.costflow.model.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Instance types and their hourly prices, looked up by region and name. Immutable; the same catalog
 * answers the pipeline's recommendations and the API's simulations.
 *
 * <p>{@link #bundled()} is the catalog shipped with costflow (AWS EC2, see {@value
 * #BUNDLED_RESOURCE} for its sources and date); {@link #load(Path)} reads a user's own file in the
 * same format. Lookups ignore case and surrounding spaces in names, and answer an unknown (or null)
 * region, type or family with an empty result, never an exception: telemetry names types that no
 * catalog can list in full.
 */
public final class PriceCatalog implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Classpath location of the bundled catalog. */
    public static final String BUNDLED_RESOURCE = "/catalog/aws-ec2.csv";

    private static final Comparator<InstanceType> BY_FAMILY_THEN_SIZE =
            Comparator.comparing((InstanceType t) -> CatalogParser.normalize(t.family()))
                    .thenComparing(InstanceType.BY_SIZE);

    private final String source;
    private final List<InstanceType> all;
    private final Map<String, InstanceType> byKey;
    private final Map<String, List<InstanceType>> byRegion;
    private final Map<String, List<InstanceType>> byRegionAndFamily;

    private PriceCatalog(String source, Collection<InstanceType> types) {
        this.source = source;
        Map<String, InstanceType> keyed = new LinkedHashMap<>();
        Map<String, List<InstanceType>> regions = new LinkedHashMap<>();
        Map<String, List<InstanceType>> families = new LinkedHashMap<>();
        for (InstanceType type : types) {
            if (keyed.putIfAbsent(CatalogParser.key(type.region(), type.name()), type) != null) {
                throw new IllegalArgumentException(
                        "duplicate instance type " + type.name() + " in region " + type.region());
            }
            regions.computeIfAbsent(CatalogParser.normalize(type.region()), r -> new ArrayList<>())
                    .add(type);
            families.computeIfAbsent(
                            CatalogParser.key(type.region(), type.family()), f -> new ArrayList<>())
                    .add(type);
        }
        regions.values().forEach(list -> list.sort(BY_FAMILY_THEN_SIZE));
        families.values().forEach(list -> list.sort(InstanceType.BY_SIZE));
        this.all = List.copyOf(types);
        this.byKey = Map.copyOf(keyed);
        this.byRegion = copyOfLists(regions);
        this.byRegionAndFamily = copyOfLists(families);
    }

    /**
     * The catalog shipped with costflow, read once and cached.
     *
     * @throws IllegalStateException if the resource is missing from the classpath (a broken build)
     */
    public static PriceCatalog bundled() {
        return Bundled.CATALOG;
    }

    /**
     * Reads a catalog in the CSV format described in the bundled file's header.
     *
     * @param sourceName names the input in error messages, e.g. a file name
     * @throws CatalogFormatException listing every problem with its line number, if there is any
     * @throws IOException if the reader fails
     */
    public static PriceCatalog load(Reader reader, String sourceName) throws IOException {
        BufferedReader buffered =
                reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        return new PriceCatalog(sourceName, CatalogParser.parse(buffered, sourceName));
    }

    /**
     * Reads a catalog file (UTF-8).
     *
     * @throws CatalogFormatException listing every problem with its line number, if there is any
     * @throws IOException if the file cannot be read
     */
    public static PriceCatalog load(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader, file.toString());
        }
    }

    /**
     * A catalog of the given types, e.g. a small one for a test.
     *
     * @throws IllegalArgumentException if a (region, name) pair appears twice
     */
    public static PriceCatalog of(String sourceName, Collection<InstanceType> types) {
        return new PriceCatalog(sourceName, types);
    }

    /** The instance type called {@code instanceType} in {@code region}. */
    public Optional<InstanceType> find(String region, String instanceType) {
        if (region == null || instanceType == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(CatalogParser.key(region, instanceType)));
    }

    /** The on-demand price per hour of an instance type in a region. */
    public Optional<BigDecimal> onDemandHourly(String region, String instanceType) {
        return find(region, instanceType).map(InstanceType::onDemandHourly);
    }

    /** The indicative spot price per hour of an instance type in a region. */
    public Optional<BigDecimal> spotHourly(String region, String instanceType) {
        return find(region, instanceType).map(InstanceType::spotHourly);
    }

    /** Every instance type offered in a region, by family and then smallest first. */
    public List<InstanceType> inRegion(String region) {
        if (region == null) {
            return List.of();
        }
        return byRegion.getOrDefault(CatalogParser.normalize(region), List.of());
    }

    /** The sizes of one family in a region, smallest first ({@link InstanceType#BY_SIZE}). */
    public List<InstanceType> family(String region, String family) {
        if (region == null || family == null) {
            return List.of();
        }
        return byRegionAndFamily.getOrDefault(CatalogParser.key(region, family), List.of());
    }

    /** The regions with at least one instance type, sorted, spelled as in the catalog. */
    public List<String> regions() {
        TreeSet<String> regions = new TreeSet<>();
        byRegion.values().forEach(types -> regions.add(types.get(0).region()));
        return List.copyOf(regions);
    }

    /** Every instance type, in the order of the source. */
    public List<InstanceType> all() {
        return all;
    }

    /** The number of (region, instance type) entries. */
    public int size() {
        return all.size();
    }

    /** Where the catalog was read from. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "PriceCatalog[" + source + ", " + all.size() + " instance types]";
    }

    private static Map<String, List<InstanceType>> copyOfLists(Map<String, List<InstanceType>> m) {
        Map<String, List<InstanceType>> copy = new LinkedHashMap<>();
        m.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        return Map.copyOf(copy);
    }

    /** Loaded on first use of {@link #bundled()} only; the JVM makes that thread-safe. */
    private static final class Bundled {
        static final PriceCatalog CATALOG = read();

        private static PriceCatalog read() {
            InputStream stream = PriceCatalog.class.getResourceAsStream(BUNDLED_RESOURCE);
            if (stream == null) {
                throw new IllegalStateException(
                        "the bundled price catalog "
                                + BUNDLED_RESOURCE
                                + " is not on the classpath");
            }
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                return load(reader, "classpath:" + BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
            }
        }
    }
}
