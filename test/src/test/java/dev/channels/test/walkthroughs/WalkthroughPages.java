package dev.channels.test.walkthroughs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The pages of {@code docs/walkthroughs/}: every {@code *.md} there, in file name order (their numbers). */
public final class WalkthroughPages {
    public static final String FOLDER = "docs/walkthroughs";

    private WalkthroughPages() {
    }

    public static List<Path> files(Path repoRoot) throws IOException {
        try (Stream<Path> files = Files.list(repoRoot.resolve(FOLDER))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    public static Walkthrough parse(Path file) throws IOException {
        return WalkthroughParser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
}
