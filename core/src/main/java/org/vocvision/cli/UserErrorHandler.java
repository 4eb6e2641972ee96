package org.vocvision.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Prints a user's mistake (bad data, bad option values) as one clear line instead of a stack trace.
 * Anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException
                || e instanceof java.io.IOException
                || e instanceof IllegalStateException
                || e instanceof org.vocvision.data.InvalidDataException) {
            cli.getErr().println(cli.getColorScheme().errorText("error: " + e.getMessage()));
            return 2;
        }
        throw e;
    }
}
