package org.vocvision.cli;

import java.util.Locale;
import org.vocvision.data.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --layout voc|competition} of a data set directory a command reads; recognised from its contents when omitted. */
final class LayoutOption {

    @Option(names = "--layout", paramLabel = "voc|competition", converter = Converter.class,
            description = "The layout of the data set directory (default: recognised from its contents).")
    Layout value;

    /** Accepts voc / competition in any case. */
    static final class Converter implements CommandLine.ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            try {
                return Layout.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a layout; expected voc or competition");
            }
        }
    }
}
