package dev.channels.local.template;

/**
 * An intrinsic or property the local cloud cannot resolve. The message starts with the property path,
 * e.g. {@code JobOrderIngestFn.Properties.Environment.Variables.TABLE_NAME: Fn::ImportValue is not supported}.
 */
public final class ResolveException extends RuntimeException {
    private final String path;

    public ResolveException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** Where in the template: {@code LogicalId.Properties.A.B[0].C}. */
    public String path() {
        return path;
    }
}
