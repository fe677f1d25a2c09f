package dev.channels.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.channels.constructs.Naming.Kind;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Where the env's alarms go: the encrypted alarm topic mailing the recipient, the queue of notifications SNS
 * could not deliver, and the factory every alarm of the env is made with.
 */
final class EnvironmentAlarms {
    private final Construct scope;
    private final Naming naming;
    private final String alarmEmail;
    private final Queue deliveryDlq;
    private final Topic topic;

    EnvironmentAlarms(Construct scope, Naming naming, Key key, boolean retain, String alarmEmail) {
        this.scope = scope;
        this.naming = naming;
        this.alarmEmail = alarmEmail;
        this.deliveryDlq = new Queue(scope, "AlarmDeliveryDlq", Defaults.encryptedQueue(key)
                .queueName(naming.shared(Kind.SQS_QUEUE, "alarm-delivery-dlq"))
                .retentionPeriod(Defaults.DLQ_RETENTION)
                .removalPolicy(Defaults.removalPolicy(retain))
                .build());
        this.topic = createTopic(key);
        NagChecks.acknowledge(deliveryDlq, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the "
                + "alarm topic's email subscription (SNS redrive policy), which cdk-nag does not recognise as DLQ use.");
        NagChecks.acknowledge(deliveryDlq, "Serverless-SQSRedrivePolicy", "This queue is itself a dead-letter queue; "
                + "a DLQ of a DLQ only moves the problem. Its depth raises an alarm.");
    }

    private Topic createTopic(Key key) {
        Stack stack = Stack.of(scope);
        String topicName = naming.shared(Kind.SNS_TOPIC, "alarms");
        Topic created = Topic.Builder.create(scope, "AlarmTopic")
                .topicName(topicName)
                .displayName("Channels alarms (" + naming.env() + ")")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // The topic policy replaces SNS's default one, so CloudWatch alarms of this account get an explicit grant.
        created.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(created.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + stack.getRegion()
                                + ":" + stack.getAccount() + ":alarm:" + naming.env() + "-*"),
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()))))
                .build());
        // SNS writes undeliverable notifications to the encrypted DLQ; it needs the key for that topic only.
        // The ARN is built from the name: referencing the topic would make key and topic depend on each other.
        String topicArn = stack.formatArn(ArnComponents.builder()
                .service("sns")
                .resource(topicName)
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowAlarmTopicToUseAlarmDeliveryDlq")
                .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", topicArn)))
                .build());
        created.addSubscription(new EmailSubscription(alarmEmail, EmailSubscriptionProps.builder()
                .deadLetterQueue(deliveryDlq)
                .build()));
        return created;
    }

    /**
     * The env's own alarm: notifications SNS could not deliver. Made after the env's other resources, where it
     * has always stood in the template.
     */
    void alarmOnUndeliveredNotifications() {
        alarm(scope, "AlarmDeliveryDlqDepth", naming.shared(Kind.ALARM, "alarm-delivery-dlq-depth"),
                "Alarm notifications that SNS could not deliver to " + alarmEmail,
                deliveryDlq.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(Defaults.ALARM_PERIOD).build()),
                0);
    }

    /** An alarm that fires when {@code metric} exceeds {@code threshold} and notifies the alarm topic. */
    Alarm alarm(Construct alarmScope, String id, String name, String description, IMetric metric, double threshold) {
        Alarm alarm = Alarm.Builder.create(alarmScope, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }

    Topic topic() {
        return topic;
    }

    Queue deliveryDlq() {
        return deliveryDlq;
    }
}
