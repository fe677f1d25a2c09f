package dev.channels.local.iam;

import dev.channels.local.template.ResolvedStack;
import java.util.function.Consumer;

/** Builds the stack's {@link AccessEvaluator}; what the template uses and IAM evaluation here cannot, it reports. */
@FunctionalInterface
public interface EvaluatorFactory {

    AccessEvaluator create(ResolvedStack stack, Consumer<String> unsupported);
}
