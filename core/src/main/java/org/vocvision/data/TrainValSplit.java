package org.vocvision.data;

import java.util.List;

/** A division of a labelled id list into training and validation ids. */
public record TrainValSplit(List<String> train, List<String> val) {}
