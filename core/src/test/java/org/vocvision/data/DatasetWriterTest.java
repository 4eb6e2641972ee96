package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {

    @TempDir Path out;

    @Test
    void competitionRoundTripIsExact() throws IOException {
        List<Sample> train = List.of(
                TinySamples.labelled("0", 5, 7, 1, 15, 9),
                TinySamples.labelled("1", 6, 4, 2, 1),
                TinySamples.labelled("2", 3, 8, 3, 20, 12, 3));
        List<Sample> test = List.of(TinySamples.test("0", 4, 4, 9), TinySamples.test("1", 2, 9, 10));
        DatasetWriter.write(out, Layout.COMPETITION, train, test);
        List<String> csv = Files.readAllLines(out.resolve("train/train_set.csv"));
        assertEquals("Id,aeroplane,bicycle,bird,boat,bottle,bus,car,cat,chair,cow,diningtable,dog,horse,motorbike,"
                + "person,pottedplant,sheep,sofa,train,tvmonitor", csv.get(0));
        assertEquals("1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0", csv.get(2));
        assertEquals("1" + ",-1".repeat(20), Files.readAllLines(out.resolve("test/test_set.csv")).get(2));

        Dataset back = Datasets.open(out, null);
        assertEquals(List.of("0", "1", "2"), back.ids("train"));
        for (Sample s : train) {
            Sample r = back.load("train", s.id());
            assertArrayEquals(s.image().pixels(), r.image().pixels());
            assertEquals(s.image().height(), r.image().height());
            assertArrayEquals(s.mask().values(), r.mask().values());
            assertArrayEquals(s.labels(), r.labels());
        }
        for (Sample s : test) {
            Sample r = back.load("test", s.id());
            assertArrayEquals(s.image().pixels(), r.image().pixels());
            assertArrayEquals(Sample.unknownLabels(), r.labels());
            assertNull(r.mask());
        }
    }

    /** JPEG-friendly pixels, the hand-made mask and labels of {@link TinySamples#labelled}. */
    private static Sample smooth(Sample s, Label[] labels) {
        return new Sample(s.id(), JpegImageTest.gradient(s.image().height(), s.image().width()), labels, s.mask(), null);
    }

    private static Sample smooth(Sample s) {
        return smooth(s, s.labels());
    }

    @Test
    void vocRoundTripKeepsMasksAndLabelsExactly() {
        Sample b = TinySamples.labelled("2008_000002", 8, 12, 2, 10, 15);
        Label[] cowDifficult = b.labels().clone();
        cowDifficult[VocClasses.indexOf("cow")] = Label.DIFFICULT;
        List<Sample> train = List.of(
                smooth(TinySamples.labelled("2008_000001", 10, 12, 1, 1)),
                smooth(b, cowDifficult),
                smooth(TinySamples.labelled("2008_000003", 9, 14, 3, 7, 12, 20)));
        List<Sample> test = List.of(new Sample("2008_000009", JpegImageTest.gradient(6, 6), Sample.unknownLabels(), null, null));
        DatasetWriter.writeVoc(out, train, List.of("2008_000002"), test);

        Dataset back = Datasets.open(out, null);
        assertEquals(Layout.VOC, back.layout());
        assertEquals(List.of("train", "val", "trainval", "test"), back.splits());
        assertEquals(List.of("2008_000001", "2008_000003"), back.ids("train"));
        assertEquals(List.of("2008_000002"), back.ids("val"));
        assertEquals(List.of("2008_000009"), back.ids("test"));
        for (Sample s : train) {
            Sample r = back.load("trainval", s.id());
            assertArrayEquals(s.labels(), r.labels(), s.id());
            assertArrayEquals(s.mask().values(), r.mask().values(), s.id());
            double error = 0;
            for (int i = 0; i < s.image().pixels().length; i++) {
                error += Math.abs((s.image().pixels()[i] & 0xFF) - (r.image().pixels()[i] & 0xFF));
            }
            assertTrue(error / s.image().pixels().length < 4, s.id() + " mean abs error " + error);
        }
        Sample t = back.load("test", "2008_000009");
        assertArrayEquals(Sample.unknownLabels(), t.labels());
        assertNull(t.mask());
    }

    @Test
    void vocAnnotationHasOneBoxPerConnectedRegion() {
        // two separate dog regions and one person region; void and background get no box
        Mask mask = Mask.blank(6, 10);
        mask.set(0, 0, 12);
        mask.set(1, 1, 12); // diagonal neighbour: same region
        mask.set(4, 7, 12);
        mask.set(4, 8, 12);
        for (int y = 2; y <= 4; y++) {
            mask.set(y, 3, 15);
        }
        mask.set(5, 9, 255);
        Label[] labels = Sample.unknownLabels();
        java.util.Arrays.fill(labels, Label.ABSENT);
        labels[VocClasses.indexOf("dog")] = Label.PRESENT;
        labels[VocClasses.indexOf("person")] = Label.DIFFICULT;
        labels[VocClasses.indexOf("car")] = Label.PRESENT; // labelled but not in the mask: whole-image box
        Sample s = new Sample("a", JpegImageTest.gradient(6, 10), labels, mask, null);
        DatasetWriter.write(out, Layout.VOC, List.of(s), List.of());
        VocAnnotation xml = VocAnnotation.read(out.resolve("Annotations/a.xml"));
        assertEquals(10, xml.width());
        assertEquals(6, xml.height());
        assertEquals(List.of(
                new VocObject("dog", 1, 1, 2, 2, false, true),
                new VocObject("person", 4, 3, 4, 5, true, false),
                new VocObject("dog", 8, 5, 9, 5, false, false),
                new VocObject("car", 1, 1, 10, 6, false, true)), xml.objects());
        // the XML alone gives the same labels (difficult person)
        assertArrayEquals(labels, xml.labels(out));
    }
}
