package dev.channels.test.walkthroughs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.test.Synth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough pages as documents, without running them (WalkthroughsIT runs them after package): each follows
 * the format, has something to run, and is linked from the README; and no link in the docs points at a file that
 * is not there (pages move: getting started did).
 */
class WalkthroughPagesTest {
    /** A Markdown link or image target that is a relative path: {@code ](path)} or {@code ](path#anchor)}. */
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?!https?:|mailto:|#)([^)#\\s]+)(#[^)\\s]*)?\\)");

    @Test
    void everyPageFollowsTheFormatAndHasLocalBlocks() throws IOException {
        List<Path> files = WalkthroughPages.files(Synth.repoRoot());
        assertThat(files).extracting(file -> file.getFileName().toString())
                .contains("01-getting-started.md", "02-dynamodb-trigger.md", "03-sqs-polling.md", "05-s3-and-kms.md")
                .allMatch(name -> name.matches("\\d\\d-[a-z0-9-]+\\.md"), "NN-name.md");
        for (Path file : files) {
            Walkthrough page = WalkthroughPages.parse(file);
            assertThat(page.localBlocks()).as("%s's local blocks", page.name()).isNotEmpty();
        }
    }

    @Test
    void theReadmeLinksEveryPage() throws IOException {
        Path root = Synth.repoRoot();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        for (Path file : WalkthroughPages.files(root)) {
            assertThat(readme).contains("](" + WalkthroughPages.FOLDER + "/" + file.getFileName() + ")");
        }
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsNamesAFileThatExists() throws IOException {
        Path root = Synth.repoRoot();
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = RELATIVE_LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
            while (link.find()) {
                if (!Files.exists(document.getParent().resolve(link.group(1)).normalize())) {
                    broken.add(root.relativize(document) + ": " + link.group(1));
                }
            }
        }
        assertThat(broken).as("links to files that are not there").isEmpty();
    }
}
