package dev.channels.bench.driver.crac;

import java.util.ArrayList;
import java.util.List;

/** The global context, as Lambda's runtime keeps it; see the package documentation. */
public final class Core {
    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Lambda's runtime refuses it too: the platform takes the snapshot, not the function. */
    public static void checkpointRestore() {
        throw new UnsupportedOperationException("the benchmark takes no snapshot");
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        /** The hooks in reverse order of registration, then a GC, as Lambda's runtime does before its snapshot. */
        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            CheckpointException failed = new CheckpointException();
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).beforeCheckpoint(this);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            System.gc();
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws RestoreException {
            RestoreException failed = new RestoreException();
            for (Resource resource : resources) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }
    }
}
