package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with an example, in one style. */
class HelpTest {

    @Test
    void everyCommandHasHelpWithIndentedExamples() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 15, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(out));
            assertEquals(0, cli.execute(args.toArray(String[]::new)), path + ": " + out);
            checkExamples(String.join(" ", path), out.toString());
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            paths.add(subPath);
            collect(sub.getValue(), subPath, paths);
        }
    }

    /** "Example:" or "Examples:", then lines "  vocvision PATH ...", each continued with " \" onto "      ...". */
    private static void checkExamples(String path, String help) {
        List<String> lines = help.lines().toList();
        int heading = lines.indexOf("Example:") >= 0 ? lines.indexOf("Example:") : lines.indexOf("Examples:");
        assertTrue(heading > 0, path + ": no example in\n" + help);
        boolean continued = false;
        int examples = 0;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            if (continued) {
                assertTrue(line.startsWith("      ") && !line.startsWith("       "), path + ": continuation '" + line + "'");
            } else {
                assertTrue(line.startsWith("  vocvision " + path.split(" ")[0]), path + ": example line '" + line + "'");
                examples++;
            }
            assertTrue(line.length() <= Main.HELP_WIDTH, path + ": line longer than the help width: " + line);
            continued = line.endsWith(" \\");
        }
        assertTrue(examples > 0 && !continued, path + ": examples end cleanly\n" + help);
    }
}
