package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * torchvision's {@code segmentation._utils._SimpleSegmentationModel}, the shape of its DeepLabV3 (Chen et
 * al. 2017) and FCN (Long et al. 2015): {@code backbone} gives the "out" features (and "aux" ones), the
 * {@code classifier} maps them to class scores, bilinear upsampling (align_corners=False) brings them to the
 * input's size. The optional {@code aux_classifier} ({@link FcnHead} on ResNet's layer3 or MobileNetV3's C2)
 * only serves torchvision's auxiliary loss: forward returns {@code out} first, then {@code aux} when present.
 *
 * <p>Parameter names are torchvision's state_dict names: {@code backbone.conv1 ... backbone.layer4} (its
 * IntermediateLayerGetter keeps ResNet's names), {@code backbone.0 ... backbone.16} for MobileNetV3,
 * {@code classifier.N}, {@code aux_classifier.N}.
 */
public final class SimpleSegmentationModel extends AbstractBlock {

    /** Where torchvision's published files keep the auxiliary head; dropped when a model is built without. */
    public static final String AUX_PREFIX = "aux_classifier.";

    /** The head on the backbone's "out" features. */
    public enum Head {
        /** torchvision's {@code DeepLabHead}: ASPP (rates 12/24/36), 3x3 conv, BN, ReLU, 1x1. */
        DEEPLABV3,
        /** torchvision's {@code FCNHead}. */
        FCN
    }

    private final Block backbone;
    private final Block classifier;
    private final Block auxClassifier;

    /**
     * @param backbone returns the "out" features, then the "aux" features when {@code auxClassifier} is set
     */
    SimpleSegmentationModel(Block backbone, Block classifier, Block auxClassifier) {
        this.backbone = addChildBlock("backbone", backbone);
        this.classifier = addChildBlock("classifier", classifier);
        this.auxClassifier = auxClassifier == null ? null : addChildBlock("aux_classifier", auxClassifier);
    }

    /**
     * torchvision's {@code deeplabv3_resnet50/101} and {@code fcn_resnet50/101}: a ResNet dilated to output
     * stride 8 ({@code replace_stride_with_dilation=[False, True, True]}), the head on layer4 (2048 channels),
     * the auxiliary FCN head on layer3 (1024).
     */
    public static SimpleSegmentationModel resNet(int[] layers, Head head, int numClasses, boolean aux) {
        return resNet(ResNet.builder().optLayers(layers), 64, head, DeepLabHead.CHANNELS, numClasses, aux);
    }

    /** The same on a ResNet builder of any widths; {@code basePlanes} is its layer1 {@code planes}. */
    static SimpleSegmentationModel resNet(ResNet.Builder resnet, int basePlanes, Head head, int headChannels,
            int numClasses, boolean aux) {
        int layer4 = basePlanes * 8 * Bottleneck.EXPANSION;
        int layer3 = basePlanes * 4 * Bottleneck.EXPANSION;
        ResNet dilated = resnet.optOutputStride(8).build();
        Block backbone = aux ? new IntermediateLayers(dilated, "layer4", "layer3") : new IntermediateLayers(dilated, "layer4");
        return new SimpleSegmentationModel(backbone, head(head, layer4, headChannels, numClasses),
                aux ? FcnHead.of(layer3, numClasses) : null);
    }

    /**
     * torchvision's {@code deeplabv3_mobilenet_v3_large}: the dilated MobileNetV3-Large features (output
     * stride 16), the head on the last module (C5, 960 channels at width 1), the auxiliary FCN head on the last
     * stride-8 block (C2, {@code stage_indices[-4]}, 40 channels).
     */
    public static SimpleSegmentationModel mobileNetV3(float width, Head head, int numClasses, boolean aux) {
        return mobileNetV3(width, head, DeepLabHead.CHANNELS, numClasses, aux);
    }

    static SimpleSegmentationModel mobileNetV3(float width, Head head, int headChannels, int numClasses,
            boolean aux) {
        MobileNetV3.Features f = MobileNetV3.features(width, true);
        List<Integer> stages = f.stageIndices();
        int out = stages.get(stages.size() - 1);
        int auxAt = stages.get(stages.size() - 4);
        Block features = new Sequential().addAll(f.modules());
        Block backbone = aux ? new IntermediateLayers(features, Integer.toString(out), Integer.toString(auxAt))
                : new IntermediateLayers(features, Integer.toString(out));
        return new SimpleSegmentationModel(backbone, head(head, f.channels()[out], headChannels, numClasses),
                aux ? FcnHead.of(f.channels()[auxAt], numClasses) : null);
    }

    private static Block head(Head head, int inChannels, int headChannels, int numClasses) {
        return head == Head.DEEPLABV3 ? DeepLabHead.of(numClasses, headChannels) : FcnHead.of(inChannels, numClasses);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList features = backbone.forward(ps, inputs, training);
        NDArray out = classifier.forward(ps, new NDList(features.get(0)), training).head();
        NDList result = new NDList(Interpolation.bilinearLike(out, x));
        if (auxClassifier != null) {
            NDArray aux = auxClassifier.forward(ps, new NDList(features.get(1)), training).head();
            result.add(Interpolation.bilinearLike(aux, x));
        }
        return result;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] features = backbone.getOutputShapes(inputShapes);
        classifier.initialize(manager, dataType, features[0]);
        if (auxClassifier != null) {
            auxClassifier.initialize(manager, dataType, features[1]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] features = backbone.getOutputShapes(inputShapes);
        long classes = classifier.getOutputShapes(new Shape[] {features[0]})[0].get(1);
        Shape out = new Shape(x.get(0), classes, x.get(2), x.get(3));
        return auxClassifier == null ? new Shape[] {out} : new Shape[] {out, out};
    }
}
