package org.vocvision.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.List;

/** A weighted sum of losses on the same labels and predictions, e.g. cross-entropy + 0.5 Dice. */
public final class WeightedSumLoss extends Loss {

    /** One term of the sum. */
    public record Term(Loss loss, float weight) {}

    private final List<Term> terms;

    public WeightedSumLoss(List<Term> terms) {
        super("WeightedSumLoss");
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a weighted sum needs at least one loss");
        }
        this.terms = List.copyOf(terms);
    }

    /** {@code first + weight * second}, the usual "CE plus a Dice term". */
    public static WeightedSumLoss of(Loss first, Loss second, float weight) {
        return new WeightedSumLoss(List.of(new Term(first, 1f), new Term(second, weight)));
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray sum = null;
        for (Term term : terms) {
            NDArray value = term.loss().evaluate(labels, predictions).mul(term.weight());
            sum = sum == null ? value : sum.add(value);
        }
        return sum;
    }
}
