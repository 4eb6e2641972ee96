package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;

/**
 * A weight file of any format we read, told apart by its first bytes rather than its name (torchvision's
 * {@code .pth}, Hugging Face's {@code pytorch_model.bin} and {@code .pt} are all {@code torch.save} files,
 * and a renamed file is still what it is).
 */
public final class WeightFile {

    /** The formats, as their first bytes reveal them. */
    public enum Format {
        /** {@code torch.save}, PyTorch >= 1.6: a zip archive. */
        TORCH_ZIP,
        /** {@code torch.save}, PyTorch 0.4-1.5 or {@code _use_new_zipfile_serialization=False}: pickles in a row. */
        TORCH_LEGACY,
        /** huggingface/safetensors: an 8-byte header length, then a JSON header. */
        SAFETENSORS
    }

    private WeightFile() {}

    /** The file's format; a file of none of them gets an error naming it and its first bytes. */
    public static Format format(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(300);
        }
        if (TorchCheckpoint.isZip(head)) {
            return Format.TORCH_ZIP;
        }
        if (TorchCheckpoint.isLegacy(head)) {
            return Format.TORCH_LEGACY;
        }
        if (head.length > 8 && head[8] == '{'
                && ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() > 0) {
            return Format.SAFETENSORS;
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ustar")) {
            throw new InvalidDataException(file, "a tar archive: the torch.save format of PyTorch < 0.4 is not read;"
                    + " load and re-save it with a current PyTorch");
        }
        throw new InvalidDataException(file, "neither a torch.save checkpoint (.pth/.pt/.bin, zip or legacy) nor"
                + " .safetensors: it starts with " + HexFormat.of().formatHex(head, 0, Math.min(8, head.length)));
    }

    /**
     * Reads every tensor of a state_dict by name, in file order. Safetensors come back as float32
     * ({@link SafeTensors#read}); torch checkpoints in their own dtype ({@link TorchCheckpoint}).
     */
    public static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        return switch (format(file)) {
            case SAFETENSORS -> SafeTensors.read(manager, file);
            case TORCH_ZIP, TORCH_LEGACY -> TorchCheckpoint.read(manager, file);
        };
    }

    /**
     * Writes a weight file's state_dict as {@code .safetensors} (through a temporary file renamed into
     * place, so a failure never leaves a partial {@code out}); returns the number of tensors written.
     */
    public static int convert(Path in, Path out) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> tensors = read(manager, in);
            SafeTensors.write(tensors, out);
            return tensors.size();
        }
    }
}
