package dev.channels.local.assembly;

import java.nio.file.Path;

/**
 * One file asset of the cloud assembly, as its {@code *.assets.json} describes it.
 *
 * @param id        the asset hash (its key in the asset manifest)
 * @param path      absolute path in the assembly directory: a file (packaging {@code file}, e.g. a jar) or
 *                  a directory that CDK would zip on publishing (packaging {@code zip})
 * @param packaging {@code file} or {@code zip}
 * @param objectKey the S3 key the template's {@code Code.S3Key} names
 */
public record Asset(String id, Path path, String packaging, String objectKey) {
    public boolean isDirectory() {
        return "zip".equals(packaging);
    }
}
