package org.vocvision.serve;

import java.util.Base64;
import org.vocvision.data.ImageBytes;
import org.vocvision.data.RgbImage;

/** Decodes the API's {@code data:image/png;base64,...} answers back to pixels. */
final class DataUrls {

    private DataUrls() {}

    static RgbImage decode(String dataUrl) {
        String prefix = "data:image/png;base64,";
        if (!dataUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not a PNG data URL: " + dataUrl.substring(0, Math.min(40, dataUrl.length())));
        }
        return ImageBytes.decode(Base64.getDecoder().decode(dataUrl.substring(prefix.length())), Long.MAX_VALUE);
    }
}
