package org.vocvision.cli;

import picocli.CommandLine;

/** Reports the jar's version and the deep-learning engine it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "vocvision " + (version == null ? "(development build)" : version),
            "DJL 0.36.0, PyTorch engine 2.7.1 (CPU natives bundled)"
        };
    }
}
