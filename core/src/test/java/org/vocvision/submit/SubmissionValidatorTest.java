package org.vocvision.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionValidatorTest {

    @TempDir Path dir;

    private static final List<ImageSize> IMAGES = List.of(new ImageSize("0", 2, 3), new ImageSize("1", 4, 1));

    private List<Problem> check(String text) throws Exception {
        Path file = dir.resolve("s.csv");
        Files.writeString(file, text);
        return SubmissionValidator.validate(Submission.read(file), IMAGES);
    }

    private static void assertOne(List<Problem> problems, int line, String part) {
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(line, problems.get(0).line(), problems.toString());
        assertTrue(problems.get(0).message().contains(part), problems.get(0).message());
    }

    @Test
    void aValidSubmissionHasNoProblems() throws Exception {
        // 0 is 2x3: 120 positions; 1 is 4x1: 80 positions
        assertEquals(List.of(), check("Id,Predicted\n0_classification,15 2\n0_segmentation,1 3 115 6\n1_classification,\n1_segmentation,80 1\n"));
    }

    @Test
    void eachProblemNamesItsRow() throws Exception {
        assertOne(check("Id,Prediction\n0_classification,\n0_segmentation,\n1_classification,\n1_segmentation,\n"), 1, "header");
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,115 7\n1_classification,\n1_segmentation,\n"),
                3, "line 3 (0_segmentation): run 1 (115 7) ends at 121, past the last position 120");
        // image 1 is 4x1: its own size limits its row to 80, not image 0's 120
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,\n1_classification,\n1_segmentation,81 1\n"),
                5, "past the last position 80");
        assertOne(check("Id,Predicted\n0_classification,20 2\n0_segmentation,\n1_classification,\n1_segmentation,\n"),
                2, "past the last position 20");
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,3 1 1 1\n1_classification,\n1_segmentation,\n"), 3, "ascending");
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,\n1_classification,\n"), 0, "no row for 1_segmentation");
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,\n0_segmentation,\n1_classification,\n1_segmentation,\n"),
                4, "second row for 0_segmentation (first on line 3)");
        assertOne(check("Id,Predicted\n0_segmentation,\n0_classification,\n1_classification,\n1_segmentation,\n"),
                2, "out of order, expected 0_classification");
        assertOne(check("Id,Predicted\n1_classification,\n1_segmentation,\n0_classification,\n0_segmentation,\n"),
                2, "out of order, expected 0_classification");
        assertOne(check("Id,Predicted\n0_classification\n0_segmentation,\n1_classification,\n1_segmentation,\n"), 2, "no comma");
        assertOne(check("Id,Predicted\n0_classification,,1\n0_segmentation,\n1_classification,\n1_segmentation,\n"), 2, "found more");
        assertOne(check("Id,Predicted\n0_classification,\n0_segmentation,\n1_classification,\n1_segmentation,\n5_segmentation,\n"),
                6, "'5' is not a test image");
        assertOne(check("Id,Predicted\n0_classification,\n0_segm,\n0_segmentation,\n1_classification,\n1_segmentation,\n"),
                3, "id must be");
    }
}
