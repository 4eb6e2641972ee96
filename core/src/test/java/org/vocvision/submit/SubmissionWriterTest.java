package org.vocvision.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.Mask;

class SubmissionWriterTest {

    @TempDir Path dir;

    @Test
    void writesTheTemplatesBytes() throws Exception {
        Path file = dir.resolve("submission.csv");
        try (SubmissionWriter writer = SubmissionWriter.create(file)) {
            writer.write("7", RunLengthEncodingTest.classes(8, 14, 19), RunLengthEncodingTest.pattern(5, 7));
            writer.write("3", RunLengthEncodingTest.classes(), Mask.blank(2, 6));
        }
        // the 'submission:' line printed by src/test/python/rle_reference.py
        String expected = "Id,Predicted\n7_classification,9 1 15 1 20 1\n7_segmentation,14 1 22 1 33 1 79 1 102 1 123 1 144 1"
                + " 171 1 188 1 203 1 240 1 253 1 262 1 307 1 309 1 322 1 353 1 362 1 401 1 411 1 511 1 515 1 531 1 536 1 540 1"
                + " 562 1 619 1 650 1 700 1\n3_classification,\n3_segmentation,\n";
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));

        Submission read = Submission.read(file);
        assertEquals(4, read.rows().size());
        assertEquals("", read.rows().get(3).field());
        assertEquals(List.of(), SubmissionValidator.validate(read, List.of(new ImageSize("7", 5, 7), new ImageSize("3", 2, 6))));
    }

    @Test
    void rejectsAWrongClassVector() {
        Path file = dir.resolve("bad.csv");
        try (SubmissionWriter writer = SubmissionWriter.create(file)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> writer.write("1", new boolean[19], Mask.blank(2, 2)));
            assertTrue(e.getMessage().contains("expected 20 classes"), e.getMessage());
        }
    }
}
