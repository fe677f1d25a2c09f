package dev.channels.lambdas.notify;

import dev.channels.contract.ChangeKind;
import java.util.List;

/** What one stream record says happened to one object, metadata attributes left out. */
record Change(ChangeKind kind, String objectId, List<PropertyChange> properties) {
    Change {
        properties = List.copyOf(properties);
    }
}
