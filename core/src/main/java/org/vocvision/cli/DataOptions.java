package org.vocvision.cli;

import java.nio.file.Path;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --data DIR [--layout voc|competition]}: the data set a command reads. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A VOCdevkit year directory (JPEGImages/, ImageSets/, ...) or a competition directory"
                    + " (train/, test/); see docs/DATA.md.")
    Path data;

    @CommandLine.Mixin LayoutOption layout;

    Dataset open() {
        return Datasets.open(data, layout.value);
    }
}
