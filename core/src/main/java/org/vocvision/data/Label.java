package org.vocvision.data;

/** What is known of one class in one image: VOC's 1 / -1 / 0 and the competition test set's -1. */
public enum Label {
    PRESENT,
    ABSENT,
    /** VOC's 0: present, but only in objects marked difficult; excluded from VOC evaluation. */
    DIFFICULT,
    /** Not known (a test image). */
    UNKNOWN;

    /** The training target: difficult objects are still the class, so they count as present. */
    public float target() {
        return this == PRESENT || this == DIFFICULT ? 1f : 0f;
    }
}
