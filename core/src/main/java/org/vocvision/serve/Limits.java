package org.vocvision.serve;

/**
 * What the server accepts: upload bytes (413 above), decoded pixels (422 above: decompression bombs are
 * refused from the header), model jobs waiting for the model (503 above), and the iterations an attack
 * may ask for (each costs a forward and a backward pass).
 *
 * @param maxUploadBytes the largest request body
 * @param maxPixels the largest image, width x height
 * @param maxWaiting requests that may wait for the model at once
 * @param maxSteps the most attack iterations one request may ask for
 */
public record Limits(long maxUploadBytes, long maxPixels, int maxWaiting, int maxSteps) {

    /** 20 MB uploads, 16 megapixels (a 12 MP phone photo fits), 64 waiting jobs, 100 attack steps. */
    public static final Limits DEFAULT = new Limits(20L << 20, 16_000_000L, 64, 100);

    public Limits {
        if (maxUploadBytes <= 0 || maxPixels <= 0 || maxWaiting <= 0 || maxSteps <= 0) {
            throw new IllegalArgumentException("server limits must be > 0, got " + maxUploadBytes + " bytes, "
                    + maxPixels + " pixels, " + maxWaiting + " waiting, " + maxSteps + " steps");
        }
    }
}
