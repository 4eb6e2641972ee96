package org.vocvision.attack;

/** What a model predicts, which decides the attack's loss and how success is counted. */
public enum Task {
    /** (N,20) logits, one sigmoid per VOC class (multi-label). */
    CLASSIFICATION,
    /** (N,21,H,W) logits, softmax over background + 20 classes per pixel; label 255 is void. */
    SEGMENTATION;

    /** The lower-case name written to attack.json. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
