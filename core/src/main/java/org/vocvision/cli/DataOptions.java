package org.vocvision.cli;

import java.nio.file.Path;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --data DIR [--layout voc|competition]}: the data set a command reads. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A VOCdevkit year directory (JPEGImages/, ImageSets/, ...) or a competition directory"
                    + " (train/, test/); see docs/DATA.md.")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", converter = LayoutConverter.class,
            description = "The layout of --data (default: recognised from its contents).")
    Layout layout;

    Dataset open() {
        return Datasets.open(data, layout);
    }

    /** Accepts voc / competition in any case. */
    static final class LayoutConverter implements CommandLine.ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            try {
                return Layout.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a layout; expected voc or competition");
            }
        }
    }
}
