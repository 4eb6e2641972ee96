package org.vocvision.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.vocvision.data.InvalidDataException;

/**
 * A self-describing checkpoint: ONE zip file {@code <name>.ckpt} with {@code manifest.json}
 * ({@link CheckpointManifest}), {@code parameters} (DJL {@code Block.saveParameters}, running
 * statistics included) and {@code optimizer} (the optimiser's named state arrays, NDList encoding),
 * with {@code ema} (the weights' exponential moving average, named arrays) when the run keeps one: then
 * {@code parameters} are the training weights a resume continues from and the average is the model that
 * was validated and that predict uses, plus a readable copy of the manifest beside it ({@code <name>.json}).
 *
 * <p>Writes are atomic: the zip goes to {@code <name>.ckpt.tmp}, is fsynced, then renamed over the
 * old file with ATOMIC_MOVE, so a crash at any point leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = RunDir.JSON;
    private static final String MANIFEST = "manifest.json";
    private static final String PARAMETERS = "parameters";
    private static final String OPTIMIZER = "optimizer";
    private static final String EMA = "ema";

    /**
     * A checkpoint read back: its manifest, the optimiser state and the weights' moving average or null
     * (in the caller's manager).
     */
    public record Contents(CheckpointManifest manifest, NDList optimizerState, NDList ema) {}

    private Checkpoint() {}

    /** Writes model parameters, optimiser state and manifest to {@code file} atomically. */
    public static void write(Path file, CheckpointManifest manifest, Block model, NDList optimizerState)
            throws IOException {
        write(file, manifest, model, optimizerState, null);
    }

    /** As {@link #write(Path, CheckpointManifest, Block, NDList)}, with the weights' moving average (or null). */
    public static void write(Path file, CheckpointManifest manifest, Block model, NDList optimizerState, NDList ema)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileOutputStream fileOut = new FileOutputStream(tmp.toFile());
                    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fileOut))) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(PARAMETERS));
                DataOutputStream data = new DataOutputStream(unclosable(zip));
                model.saveParameters(data);
                data.flush();
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(OPTIMIZER));
                optimizerState.encode(unclosable(zip));
                zip.closeEntry();
                if (ema != null) {
                    zip.putNextEntry(new ZipEntry(EMA));
                    ema.encode(unclosable(zip));
                    zip.closeEntry();
                }
                zip.finish();
                zip.flush();
                fileOut.getFD().sync();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            RunDir.syncDirectory(file.toAbsolutePath().getParent());
            RunDir.writeAtomically(file.resolveSibling(sidecarName(file)), JSON.writeValueAsBytes(manifest));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads only the manifest, e.g. to learn which model to build before loading. */
    public static CheckpointManifest readManifest(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return JSON.readValue(entry(zip, file, MANIFEST), CheckpointManifest.class);
        }
    }

    /**
     * Loads the parameters into {@code model} (built and initialised to the same shapes); a
     * checkpoint of another architecture is refused naming the first parameter that differs.
     */
    public static Contents read(Path file, Block model, NDManager manager) throws IOException {
        try (ZipFile zip = open(file)) {
            CheckpointManifest manifest = JSON.readValue(entry(zip, file, MANIFEST), CheckpointManifest.class);
            // DJL loads parameters of another shape silently: compare shapes and leftover bytes
            List<Shape> expected = new ArrayList<>();
            model.getParameters().values().forEach(p -> expected.add(p.getShape()));
            try (DataInputStream in = new DataInputStream(entry(zip, file, PARAMETERS))) {
                model.loadParameters(manager, in);
                if (in.available() > 0) {
                    throw new InvalidDataException(file, "holds more parameters than the model has ("
                            + in.available() + " bytes left): a checkpoint of another model?");
                }
            } catch (MalformedModelException | IllegalArgumentException | java.io.EOFException e) {
                throw new InvalidDataException(file, "parameters do not fit the model: " + e.getMessage(), e);
            }
            var loaded = model.getParameters();
            for (int i = 0; i < loaded.size(); i++) {
                Shape shape = loaded.valueAt(i).getArray().getShape();
                if (!shape.equals(expected.get(i))) {
                    throw new InvalidDataException(file, "parameter " + loaded.keyAt(i) + " has shape " + shape
                            + ", the model expects " + expected.get(i) + ": a checkpoint of another model?");
                }
            }
            NDList optimizer;
            try (InputStream in = entry(zip, file, OPTIMIZER)) {
                optimizer = NDList.decode(manager, in.readAllBytes());
            }
            NDList ema = null;
            if (zip.getEntry(EMA) != null) {
                try (InputStream in = entry(zip, file, EMA)) {
                    ema = NDList.decode(manager, in.readAllBytes());
                }
            }
            return new Contents(manifest, optimizer, ema);
        }
    }

    /** Rewrites a checkpoint with new thresholds (after tuning), atomically. */
    public static void setThresholds(Path file, JsonNode thresholds) throws IOException {
        byte[] parameters;
        byte[] optimizer;
        byte[] ema = null;
        CheckpointManifest old;
        try (ZipFile zip = open(file)) {
            old = JSON.readValue(entry(zip, file, MANIFEST), CheckpointManifest.class);
            parameters = entry(zip, file, PARAMETERS).readAllBytes();
            optimizer = entry(zip, file, OPTIMIZER).readAllBytes();
            if (zip.getEntry(EMA) != null) {
                ema = entry(zip, file, EMA).readAllBytes();
            }
        }
        CheckpointManifest manifest = old.withThresholds(thresholds);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            putEntry(zip, MANIFEST, JSON.writeValueAsBytes(manifest));
            putEntry(zip, PARAMETERS, parameters);
            putEntry(zip, OPTIMIZER, optimizer);
            if (ema != null) {
                putEntry(zip, EMA, ema);
            }
        }
        RunDir.writeAtomically(file, zipped.toByteArray());
        RunDir.writeAtomically(file.resolveSibling(sidecarName(file)), JSON.writeValueAsBytes(manifest));
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String sidecarName(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".ckpt") ? name.substring(0, name.length() - 5) : name) + ".json";
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidDataException(file, "no such checkpoint");
        } catch (java.util.zip.ZipException e) {
            throw new InvalidDataException(file, "not a checkpoint (not a readable zip file): " + e.getMessage(), e);
        }
    }

    private static InputStream entry(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new InvalidDataException(file, "checkpoint has no '" + name + "' entry");
        }
        return new ByteArrayInputStream(zip.getInputStream(entry).readAllBytes());
    }

    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
