package dev.channels.tools;

import dev.channels.tools.capacity.CapacityCommand;
import dev.channels.tools.notices.RedriveNoticesCommand;
import dev.channels.tools.post.PostCommand;
import dev.channels.tools.replay.ReplayCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Operator commands, one jar: {@code java -jar tools/target/channels-tools.jar <command> [flags]}.
 * Exit codes: 0 done, 1 done with failures, 2 wrong usage.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("replay")) {
            return ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args[0].equals("post")) {
            return PostCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args[0].equals("redrive-notices")) {
            return RedriveNoticesCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args[0].equals("capacity")) {
            return CapacityCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        err.println("unknown command '" + args[0] + "'\n\n" + usage());
        return 2;
    }

    static String usage() {
        return "usage: java -jar channels-tools.jar <command> [flags]\n\ncommands:\n  post             "
                + "send a JSON object to a channel, signed with SigV4\n  replay           "
                + "re-send archived bodies of a time range to a channel's inbox\n  redrive-notices  tell Slack the "
                + "changes notify parked after Slack failed\n  capacity         "
                + "where a channel saturates and what it costs, from a synthesized template\n\n" + PostCommand.USAGE
                + "\n\n" + ReplayCommand.USAGE + "\n\n" + RedriveNoticesCommand.USAGE + "\n\n" + CapacityCommand.USAGE;
    }
}
