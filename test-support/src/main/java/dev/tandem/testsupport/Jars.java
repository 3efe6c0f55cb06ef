package dev.tandem.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Deployment artifacts under test: which classes they reference but lack ({@link #missingClasses}, with jdeps), and a copy
 * of a jar with some entries left out (how a test makes the broken artifact it must catch).
 */
public final class Jars {

    private Jars() {
    }

    /**
     * The lines {@code <class> -> <referenced class> not found} of jdeps (run in this JVM) for what {@code classes} (a jar
     * or a class folder) references and neither it nor {@code classPath} has: where Lambda or the JVM would throw
     * {@code NoClassDefFoundError}.
     */
    public static List<String> missingClasses(Path classes, Path... classPath) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("jdeps needs a JDK, not a JRE"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--multi-release", "21", "-verbose:class", "-filter:none"));
        if (classPath.length > 0) {
            args.add("--class-path");
            args.add(String.join(File.pathSeparator, java.util.Arrays.stream(classPath).map(Path::toString).toList()));
        }
        args.add(classes.toString());
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jdeps on " + classes + " failed: " + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> l.endsWith("not found")).toList();
    }

    public static void copyWithout(Path source, Path target, String... entries) throws IOException {
        Set<String> drop = Set.of(entries);
        try (ZipFile in = new ZipFile(source.toFile()); OutputStream file = Files.newOutputStream(target);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> all = in.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (drop.contains(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
