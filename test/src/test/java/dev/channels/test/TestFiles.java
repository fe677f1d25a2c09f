package dev.channels.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores of the tests that work on a user's copy of something: copy, delete, link a folder. */
public final class TestFiles {

    private TestFiles() {
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** A link to a folder: a symbolic link, or a junction on Windows (no privilege needed). */
    public static void link(Path link, Path target) throws IOException, InterruptedException {
        if (!isWindows()) {
            Files.createSymbolicLink(link, target);
            return;
        }
        Process mklink = new ProcessBuilder("cmd", "/c", "mklink", "/J", link.toString(), target.toString())
                .inheritIO().start();
        if (mklink.waitFor() != 0) {
            throw new IOException("mklink /J " + link + " " + target + " failed");
        }
    }

    public static boolean isWindows() {
        return System.getProperty("os.name").startsWith("Windows");
    }
}
