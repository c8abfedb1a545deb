package dev.gatehouse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The stock Keycloak distribution, unpacked once per build, and copies of it for each node a test starts.
 */
public final class KeycloakInstallation {

    private KeycloakInstallation() {
    }

    /** The unpacked stock distribution (read-only by convention: nodes work on copies). */
    public static synchronized Path base() {
        Path root = BuildInfo.workDir().resolve("keycloak-dist");
        Path home = root.resolve("keycloak-" + BuildInfo.distributionVersion());
        Path marker = root.resolve(".unpacked");
        try {
            // The marker names the archive: a run on another patch (-Dgatehouse.kc.dist.version) unpacks afresh.
            Path archive = BuildInfo.keycloakDistArchive();
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(archive.toString())) {
                return home;
            }
            deleteTree(root);
            unzip(archive, root);
            Files.writeString(marker, archive.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Keycloak distribution", e);
        }
        return home;
    }

    /**
     * Copies an installation. Third-party jars under lib/lib are hard-linked (Keycloak never writes them);
     * everything else is copied, because augmentation rewrites lib/quarkus and the server writes data/.
     */
    public static void copy(Path from, Path to) {
        try {
            deleteTree(to);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path src : (Iterable<Path>) walk::iterator) {
                    Path rel = from.relativize(src);
                    Path dst = to.resolve(rel.toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else if (rel.startsWith("lib/lib")) {
                        linkOrCopy(src, dst);
                    } else {
                        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void linkOrCopy(Path src, Path dst) throws IOException {
        try {
            Files.createLink(dst, src);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (out.getFileName().toString().endsWith(".sh")) {
                    out.toFile().setExecutable(true);
                }
            }
        }
    }
}
