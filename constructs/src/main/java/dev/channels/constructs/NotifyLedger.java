package dev.channels.constructs;

import dev.channels.constructs.Naming.Kind;
import dev.channels.contract.LedgerTable;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Notify's idempotency table: which stream records notify has posted to Slack, so a redelivered record is
 * not posted twice. One per env, shared by every channel's notify function (the handler prefixes keys with
 * the channel); entries expire by TTL once their stream record can no longer come back.
 */
final class NotifyLedger {
    private NotifyLedger() {
    }

    static Table create(Construct scope, Naming naming, Key key, boolean retain) {
        return new Table(scope, "IdempotencyTable", Defaults.table(key)
                .tableName(naming.shared(Kind.DYNAMODB_TABLE, "notify-ledger"))
                .partitionKey(Attribute.builder().name(LedgerTable.KEY).type(AttributeType.STRING).build())
                .timeToLiveAttribute(LedgerTable.EXPIRES_AT)
                .deletionProtection(retain)
                .removalPolicy(Defaults.removalPolicy(retain))
                .build());
    }
}
