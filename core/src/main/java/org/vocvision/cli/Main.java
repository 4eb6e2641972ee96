package org.vocvision.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vocvision} command: one subcommand per job. */
@Command(
        name = "vocvision",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deep-learning computer vision on PASCAL VOC: data, classification, segmentation,"
                + " adversarial attacks, submissions and reports.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchCommand.class,
            SynthCommand.class,
            StatsCommand.class,
            RunCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            ValidateCommand.class,
            ScoreCommand.class,
            WeightsCommand.class,
            LogitsCommand.class,
            AttackCommand.class,
            ServeCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        withHelp(cli);
        // wide enough that no example line wraps
        cli.setUsageHelpWidth(HELP_WIDTH);
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    /** The usage text's width: every example line fits on one line. */
    static final int HELP_WIDTH = 120;

    /** {@code --help} and {@code --version} on every command and subcommand, whether it declares them or not. */
    private static void withHelp(CommandLine command) {
        if (command.getCommandSpec().optionsMap().get("--help") == null) {
            command.getCommandSpec().mixinStandardHelpOptions(true);
        }
        command.getSubcommands().values().forEach(Main::withHelp);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
