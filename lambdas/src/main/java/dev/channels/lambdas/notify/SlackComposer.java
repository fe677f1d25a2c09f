package dev.channels.lambdas.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs the changes of one stream batch into as few Slack messages as Slack's limits allow: changes
 * stay in stream order, each message holds at most {@link SlackMessage#MAX_BLOCKS} blocks, and a
 * change is never split across two messages. Slack takes about one message per second per webhook,
 * so fewer messages is what keeps a busy channel out of 429s.
 */
final class SlackComposer {
    private final String channelName;
    private final SlackTitle template;

    /** A message and the positions (in the list given to {@link #compose}) of the notices it tells. */
    record Composed(SlackMessage message, List<Integer> members) {
        Composed {
            members = List.copyOf(members);
        }
    }

    SlackComposer(String channelName, SlackTitle template) {
        this.channelName = channelName;
        this.template = template;
    }

    List<Composed> compose(List<Notice> notices) {
        List<Composed> messages = new ArrayList<>();
        List<SlackMessage.Block> blocks = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < notices.size(); i++) {
            Notice notice = notices.get(i);
            String title = SlackMessage.title(template, channelName, notice);
            List<SlackMessage.Block> own = SlackMessage.blocks(title, channelName, notice.change());
            if (!members.isEmpty() && blocks.size() + own.size() > SlackMessage.MAX_BLOCKS) {
                messages.add(new Composed(new SlackMessage(text(titles), blocks), members));
                blocks = new ArrayList<>();
                titles = new ArrayList<>();
                members = new ArrayList<>();
            }
            blocks.addAll(own);
            titles.add(title);
            members.add(i);
        }
        if (!members.isEmpty()) {
            messages.add(new Composed(new SlackMessage(text(titles), blocks), members));
        }
        return messages;
    }

    /** The message that tells one notice alone. */
    SlackMessage alone(Notice notice) {
        return compose(List.of(notice)).get(0).message();
    }

    /**
     * The fallback text: the title of a lone change, else how many changes and their titles. Slack
     * reads it as mrkdwn: the titles come escaped, the channel name is escaped here.
     */
    private String text(List<String> titles) {
        if (titles.size() == 1) {
            return SlackText.truncate(titles.get(0), SlackMessage.TEXT_LIMIT);
        }
        return SlackText.truncate(SlackText.escape(channelName) + ": " + titles.size() + " changes: "
                + String.join("; ", titles), SlackMessage.TEXT_LIMIT);
    }
}
