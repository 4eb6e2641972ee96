package org.vocvision.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vocvision.data.VocClasses;

/**
 * The rows BatchPredict writes, one per image. The first 21 columns are those of predict's predictions.csv
 * ({@code Id}, then the 20 class probabilities under the class names), so the CSV output reads like it; then
 * the file, the image's size, the labels the classifier's tuned thresholds pick (space-separated class names),
 * the mask in the competition's run-length encoding, each class's share of the mask's pixels (background
 * first), and the error that stopped the image, if any (then everything the image did not reach is null).
 */
final class PredictionRows {

    static final String ID = "Id";
    static final String PATH = "path";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String LABELS = "labels";
    static final String MASK_RLE = "mask_rle";
    static final String SHARE_PREFIX = "share_";
    static final String ERROR = "error";

    /** Columns before the probabilities, between them and the shares, and in all. */
    static final int PROBABILITIES_AT = 1;
    static final int PATH_AT = PROBABILITIES_AT + VocClasses.COUNT;
    static final int SHARES_AT = PATH_AT + 5;
    static final int ERROR_AT = SHARES_AT + VocClasses.COUNT + 1;
    static final int COLUMNS = ERROR_AT + 1;

    static final StructType SCHEMA = schema();

    private PredictionRows() {}

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(ID, DataTypes.StringType, false));
        for (String name : VocClasses.NAMES) {
            fields.add(DataTypes.createStructField(name, DataTypes.FloatType, true));
        }
        fields.add(DataTypes.createStructField(PATH, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(LABELS, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(MASK_RLE, DataTypes.StringType, true));
        for (String name : VocClasses.withBackground()) {
            fields.add(DataTypes.createStructField(SHARE_PREFIX + name, DataTypes.FloatType, true));
        }
        fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
        StructType schema = DataTypes.createStructType(fields);
        if (schema.size() != COLUMNS) {
            throw new IllegalStateException("schema has " + schema.size() + " columns, expected " + COLUMNS);
        }
        return schema;
    }
}
