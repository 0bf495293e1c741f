package dev.jtee.stress;

import java.util.List;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Gunther's Universal Scalability Law fitted to closed-model measurements:
 * {@code X(N) = λN / (1 + σ(N−1) + κN(N−1))}, with λ the throughput of one caller, σ contention
 * (serialised work) and κ coherency (crosstalk). Least squares by Levenberg–Marquardt (commons-math3),
 * σ and κ kept ≥ 0.
 *
 * @param lambda   throughput of a single caller, calls/s
 * @param sigma    contention coefficient
 * @param kappa    coherency coefficient
 * @param rSquared goodness of fit (1 is perfect)
 * @param points   the points fitted
 */
public record UslFit(double lambda, double sigma, double kappa, double rSquared, List<Point> points) {
    /** The fewest points a fit is made from. */
    public static final int MIN_POINTS = 6;

    /** One measurement: {@code concurrency} callers gave {@code throughput} calls/s. */
    public record Point(double concurrency, double throughput) {
    }

    public UslFit {
        points = List.copyOf(points);
    }

    /** The model's throughput at concurrency {@code n}. */
    public double throughputAt(double n) {
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    }

    /**
     * The concurrency of peak throughput, {@code √((1−σ)/κ)}; infinite when κ is 0 (throughput
     * then only levels off).
     */
    public double maxConcurrency() {
        if (kappa <= 0 || sigma >= 1) {
            return sigma >= 1 ? 1 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt((1 - sigma) / kappa);
    }

    /** The peak throughput: at {@link #maxConcurrency()}, or the asymptote λ/σ when κ is 0. */
    public double maxThroughput() {
        double n = maxConcurrency();
        if (Double.isInfinite(n)) {
            return sigma > 0 ? lambda / sigma : Double.POSITIVE_INFINITY;
        }
        return throughputAt(n);
    }

    /** Fits the law to at least {@value #MIN_POINTS} points with distinct concurrency. */
    public static UslFit fit(List<Point> points) {
        long distinct = points.stream().mapToDouble(Point::concurrency).distinct().count();
        if (distinct < MIN_POINTS) {
            throw new IllegalArgumentException("a USL fit needs ≥ " + MIN_POINTS + " points with distinct concurrency, got " + distinct);
        }
        double[] n = points.stream().mapToDouble(Point::concurrency).toArray();
        double[] x = points.stream().mapToDouble(Point::throughput).toArray();
        double lambda0 = 0;
        for (int i = 0; i < n.length; i++) {
            lambda0 = Math.max(lambda0, x[i] / n[i]);
        }
        // scale parameters so that all are of order one for the optimiser
        double scale = lambda0;
        LeastSquaresBuilder b = new LeastSquaresBuilder()
                .start(new double[] {1.0, 0.01, 0.0001})
                .model(p -> {
                    double l = p.getEntry(0) * scale;
                    double s = p.getEntry(1);
                    double k = p.getEntry(2);
                    RealVector value = new ArrayRealVector(n.length);
                    org.apache.commons.math3.linear.RealMatrix jac = new org.apache.commons.math3.linear.Array2DRowRealMatrix(n.length, 3);
                    for (int i = 0; i < n.length; i++) {
                        double ni = n[i];
                        double d = 1 + s * (ni - 1) + k * ni * (ni - 1);
                        double xi = l * ni / d;
                        value.setEntry(i, xi);
                        jac.setEntry(i, 0, scale * ni / d);
                        jac.setEntry(i, 1, -xi * (ni - 1) / d);
                        jac.setEntry(i, 2, -xi * ni * (ni - 1) / d);
                    }
                    return new Pair<>(value, jac);
                })
                .target(x)
                .parameterValidator(p -> {
                    p.setEntry(0, Math.max(1e-12, p.getEntry(0)));
                    p.setEntry(1, Math.max(0, p.getEntry(1)));
                    p.setEntry(2, Math.max(0, p.getEntry(2)));
                    return p;
                })
                .maxEvaluations(10_000)
                .maxIterations(10_000);
        LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-14)
                .withParameterRelativeTolerance(1e-14)
                .optimize(b.build());
        RealVector p = opt.getPoint();
        UslFit fit = new UslFit(p.getEntry(0) * scale, p.getEntry(1), p.getEntry(2), 0, points);
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n.length; i++) {
            double r = x[i] - fit.throughputAt(n[i]);
            ssRes += r * r;
            ssTot += (x[i] - mean) * (x[i] - mean);
        }
        double r2 = ssTot == 0 ? 1 : 1 - ssRes / ssTot;
        return new UslFit(fit.lambda, fit.sigma, fit.kappa, r2, points);
    }
}
