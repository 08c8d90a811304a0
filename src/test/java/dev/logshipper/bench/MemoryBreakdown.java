package dev.logshipper.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's resident memory is, part by part, at one moment: {@code jcmd <pid> System.map} gives the resident size of
 * every mapping labelled with what the JVM uses it for (needs {@code -XX:NativeMemoryTracking=summary}), and
 * {@code VM.native_memory summary} and {@code GC.heap_info} add what {@code malloc} holds and how much of the heap is in
 * use. Anonymous mappings the JVM did not label are glibc's arenas and what native libraries allocate.
 *
 * <p>The parts, in MiB: {@code heap} (resident, not used), {@code heap used}, {@code metaspace} (class metadata and class
 * space), {@code code}, {@code cds/aot} (the archive's mapped pages: the JDK's CDS archive, or the AOT cache), {@code stacks},
 * {@code gc} (card table, bitmaps), {@code libraries} (the JVM's and the JDK's shared libraries, the modules image),
 * {@code malloc+anon} (unlabelled anonymous memory: glibc arenas), {@code jvm other}, {@code sum}; then {@code VmRSS},
 * {@code RssAnon} (what a cgroup cannot reclaim: the rest are clean file pages), {@code cds/aot anon} (the archive's
 * pages that were written to, from {@code /proc/<pid>/smaps}) and NMT's {@code malloc} and {@code committed} totals.
 */
final class MemoryBreakdown {

    private static final Pattern MAPPING = Pattern.compile(
            "^0x\\p{XDigit}+-0x\\p{XDigit}+\\s+\\d+\\s+\\S+\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+(\\S+)\\s+(\\S+)\\s+(.+)$");
    private static final Pattern NMT_MALLOC = Pattern.compile("^\\s*malloc: (\\d+)KB");
    private static final Pattern NMT_TOTAL = Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern HEAP_USED = Pattern.compile("^\\S.* total \\d+K, used (\\d+)K");
    private static final Pattern SMAPS_HEADER = Pattern.compile("\\p{XDigit}+-\\p{XDigit}+ ");
    private static final double MIB = 1 << 20;

    private MemoryBreakdown() {
    }

    /** The breakdown of process {@code pid} now, in MiB by part; empty when jcmd could not attach. */
    static Map<String, Double> of(long pid) {
        Map<String, Double> parts = new LinkedHashMap<>();
        List<String> map = jcmd(pid, "System.map");
        if (map.isEmpty()) {
            return parts;
        }
        for (String part : List.of("heap", "heap used", "metaspace", "code", "cds/aot", "stacks", "gc", "libraries",
                "malloc+anon", "jvm other")) {
            parts.put(part, 0.0);
        }
        double sum = 0;
        for (String line : map) {
            Matcher m = MAPPING.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            long rss = Long.parseLong(m.group(1));
            sum += rss;
            parts.merge(part(m.group(3), m.group(4).strip()), rss / MIB, Double::sum);
        }
        parts.put("heap used", kib(jcmd(pid, "GC.heap_info"), HEAP_USED, true));
        parts.put("sum", sum / MIB);
        parts.put("VmRSS", ProcStats.rssKiB(pid) / 1024.0);
        parts.put("RssAnon", ProcStats.statusKiB(pid, "RssAnon:") / 1024.0);
        parts.put("cds/aot anon", archiveAnonymousKiB(pid) / 1024.0);
        List<String> nmt = jcmd(pid, "VM.native_memory", "summary");
        parts.put("nmt malloc", kib(nmt, NMT_MALLOC, false));
        parts.put("nmt committed", kib(nmt, NMT_TOTAL, false));
        parts.replaceAll((k, v) -> Math.round(v * 10) / 10.0);
        return parts;
    }

    /** The anonymous (copied on write) KiB of the mappings of the CDS archive or AOT cache files. */
    private static long archiveAnonymousKiB(long pid) {
        long total = 0;
        boolean archive = false;
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
                if (SMAPS_HEADER.matcher(line).lookingAt()) {
                    archive = line.endsWith(".aot") || line.endsWith(".jsa");
                } else if (archive && line.startsWith("Anonymous:")) {
                    total += Long.parseLong(line.substring("Anonymous:".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return total;
    }

    /** What a mapping with NMT label {@code info} and file {@code file} ({@code -} = anonymous) is part of. */
    static String part(String info, String file) {
        if (info.equals("JAVAHEAP")) {
            return "heap";
        }
        if (info.equals("META") || info.equals("CLASS")) {
            return "metaspace";
        }
        if (info.equals("CODE")) {
            return "code";
        }
        if (info.equals("CDS")) {
            return "cds/aot";
        }
        if (info.startsWith("STACK") || file.equals("[stack]")) {
            return "stacks";
        }
        if (info.equals("GC") || info.equals("CARDTBL")) {
            return "gc";
        }
        if (!info.equals("-")) {
            return "jvm other";
        }
        if (file.equals("-") || file.equals("[heap]")) {
            return "malloc+anon";
        }
        return file.startsWith("[") ? "jvm other" : "libraries";
    }

    /** A breakdown as one line of text. */
    static String format(Map<String, Double> parts) {
        StringBuilder sb = new StringBuilder();
        parts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format("%.1f", v)));
        return sb.toString();
    }

    private static double kib(List<String> lines, Pattern pattern, boolean sumAll) {
        double total = 0;
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                total += Long.parseLong(m.group(1)) / 1024.0;
                if (!sumAll) {
                    break;
                }
            }
        }
        return total;
    }

    private static List<String> jcmd(long pid, String... command) {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
