package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-built VOCdevkit/VOC2009 with three images: labels from XML, from Main files, and a test image. */
class VocDatasetTest {

    @TempDir Path tmp;

    private Path year() throws IOException {
        Path y = tmp.resolve("VOCdevkit/VOC2009");
        Files.createDirectories(y.resolve("JPEGImages"));
        Files.createDirectories(y.resolve("Annotations"));
        Files.createDirectories(y.resolve("SegmentationClass"));
        Files.createDirectories(y.resolve("ImageSets/Segmentation"));
        Files.createDirectories(y.resolve("ImageSets/Main"));
        for (String id : List.of("a", "b", "t")) {
            JpegImage.write(y.resolve("JPEGImages/" + id + ".jpg"), JpegImageTest.gradient(6, 8), 0.95f);
        }
        // a: a plain dog and a difficult-only cat; labels from the XML (Main has no class files)
        Files.writeString(y.resolve("Annotations/a.xml"), """
                <annotation><filename>a.jpg</filename><size><width>8</width><height>6</height><depth>3</depth></size>
                <object><name>dog</name><difficult>0</difficult><truncated>1</truncated>
                  <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>4</xmax><ymax>6</ymax></bndbox></object>
                <object><name>cat</name><difficult>1</difficult>
                  <bndbox><xmin>5</xmin><ymin>2</ymin><xmax>8</xmax><ymax>5</ymax></bndbox></object>
                <object><name>person</name><difficult>1</difficult>
                  <bndbox><xmin>5</xmin><ymin>2</ymin><xmax>8</xmax><ymax>5</ymax></bndbox></object>
                <object><name>person</name><difficult>0</difficult>
                  <bndbox><xmin>5</xmin><ymin>2</ymin><xmax>8</xmax><ymax>5</ymax></bndbox></object>
                </annotation>
                """);
        // b: no XML, labels from its mask (bird pixels, void band)
        Mask mask = Mask.blank(6, 8);
        mask.set(2, 3, 3);
        mask.set(2, 4, 255);
        PalettePng.write(y.resolve("SegmentationClass/b.png"), mask);
        Files.writeString(y.resolve("ImageSets/Segmentation/train.txt"), "a\nb\n");
        Files.writeString(y.resolve("ImageSets/Main/test.txt"), "t\n");
        return y;
    }

    @Test
    void classOnlyInDifficultObjectsIsDifficult() throws IOException {
        VocDataset voc = VocDataset.open(year());
        Sample a = voc.load("train", "a");
        assertEquals(Label.PRESENT, a.labels()[VocClasses.indexOf("dog")]);
        assertEquals(Label.DIFFICULT, a.labels()[VocClasses.indexOf("cat")]);
        // one difficult and one plain person: present
        assertEquals(Label.PRESENT, a.labels()[VocClasses.indexOf("person")]);
        assertEquals(Label.ABSENT, a.labels()[VocClasses.indexOf("bird")]);
        assertNull(a.mask());
        ClassStatistics stats = ClassStatistics.of(voc, "train");
        assertEquals(0, stats.classImages().get("cat"), "difficult is not counted");
        assertEquals(1, stats.classImages().get("dog"));
        assertEquals(1, stats.classImages().get("bird"), "from b's mask");
    }

    @Test
    void labelsComeFromMaskWhenThereIsNoXmlAndAreUnknownForTest() throws IOException {
        year();
        VocDataset voc = VocDataset.open(tmp); // a directory holding VOCdevkit/VOC2009
        assertEquals(List.of("train", "test"), voc.splits());
        assertEquals("train", voc.defaultSplit());
        assertEquals(List.of("a", "b"), voc.ids("train"));
        Sample b = voc.load("train", "b");
        assertEquals(Label.PRESENT, b.labels()[VocClasses.indexOf("bird")]);
        assertEquals(Label.ABSENT, b.labels()[VocClasses.indexOf("dog")]);
        assertEquals(255, b.mask().get(2, 4));
        assertArrayEquals(Sample.unknownLabels(), voc.load("test", "t").labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> voc.ids("val"));
        assertTrue(e.getMessage().contains("[train, test]"), e.getMessage());
    }

    @Test
    void mainClassFilesWinAndZeroIsDifficult() throws IOException {
        Path y = year();
        Path main = y.resolve("ImageSets/Main");
        for (String c : VocClasses.NAMES) {
            String a = c.equals("dog") ? " 1" : c.equals("cat") ? " 0" : "-1";
            String b = c.equals("boat") ? " 1" : "-1";
            Files.writeString(main.resolve(c + "_trainval.txt"), "a " + a + "\nb " + b + "\n");
        }
        VocDataset voc = VocDataset.open(tmp.resolve("VOCdevkit"));
        assertEquals(List.of("train", "trainval", "test"), voc.splits());
        assertEquals("trainval", voc.defaultSplit());
        Sample b = voc.load("train", "b");
        assertEquals(Label.PRESENT, b.labels()[VocClasses.indexOf("boat")], "Main file, not the mask");
        assertEquals(Label.ABSENT, b.labels()[VocClasses.indexOf("bird")]);
        assertEquals(Label.DIFFICULT, voc.load("train", "a").labels()[VocClasses.indexOf("cat")]);
    }

    @Test
    void segmentationListDifferingFromMainIsAlsoOffered() throws IOException {
        Path y = year();
        Files.writeString(y.resolve("ImageSets/Main/train.txt"), "a\nb\nt\n");
        VocDataset voc = VocDataset.open(y);
        assertEquals(List.of("a", "b", "t"), voc.ids("train"));
        assertEquals(List.of("a", "b"), voc.ids("seg_train"));
    }

    @Test
    void rejectsAMaskOfAnotherSize() throws IOException {
        Path y = year();
        PalettePng.write(y.resolve("SegmentationClass/b.png"), Mask.blank(5, 8));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> VocDataset.open(y).load("train", "b"));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("5x8")
                && e.getMessage().contains("6x8"), e.getMessage());
    }

    @Test
    void rejectsAMaskIndexOutsideTheClasses() throws IOException {
        Path y = year();
        Mask mask = Mask.blank(6, 8);
        mask.set(1, 1, 37);
        PalettePng.write(y.resolve("SegmentationClass/b.png"), mask);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> VocDataset.open(y).load("train", "b"));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("value 37"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownClassInAnAnnotation() throws IOException {
        Path y = year();
        Files.writeString(y.resolve("Annotations/a.xml"), "<annotation><object><name>unicorn</name></object></annotation>");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> VocDataset.open(y).load("train", "a"));
        assertTrue(e.getMessage().contains("a.xml") && e.getMessage().contains("unicorn"), e.getMessage());
    }

    @Test
    void refusesExternalEntities() throws IOException {
        Path y = year();
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "dog");
        Files.writeString(y.resolve("Annotations/a.xml"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE a [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<annotation><object><name>&x;</name></object></annotation>");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> VocDataset.open(y).load("train", "a"));
        assertTrue(e.getMessage().contains("a.xml") && e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void rejectsSeveralYears() throws IOException {
        year();
        Path other = tmp.resolve("VOCdevkit/VOC2012");
        Files.createDirectories(other.resolve("JPEGImages"));
        Files.createDirectories(other.resolve("ImageSets"));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> VocDataset.open(tmp.resolve("VOCdevkit")));
        assertTrue(e.getMessage().contains("VOC2009") && e.getMessage().contains("VOC2012"), e.getMessage());
        List<String> all = new ArrayList<>();
        VocDataset.open(tmp.resolve("VOCdevkit/VOC2009")).splits().forEach(all::add);
        assertEquals(List.of("train", "test"), all);
    }
}
