package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UslFitTest {
    private static List<UslFit.Point> points(double lambda, double sigma, double kappa, int[] ns, double noise, long seed) {
        UslFit truth = new UslFit(lambda, sigma, kappa, 1, List.of());
        Random r = new Random(seed);
        List<UslFit.Point> pts = new ArrayList<>();
        for (int n : ns) {
            pts.add(new UslFit.Point(n, truth.throughputAt(n) * (1 + noise * r.nextGaussian())));
        }
        return pts;
    }

    @Test
    void recoversExactParameters() {
        int[] ns = {1, 2, 4, 8, 16, 24, 32, 48, 64};
        UslFit fit = UslFit.fit(points(1000, 0.05, 0.0004, ns, 0, 0));
        assertEquals(1000, fit.lambda(), 1000 * 1e-6);
        assertEquals(0.05, fit.sigma(), 1e-7);
        assertEquals(0.0004, fit.kappa(), 1e-9);
        assertEquals(1, fit.rSquared(), 1e-9);
        // N* = √((1 − σ)/κ) = √2375 ≈ 48.7
        assertEquals(Math.sqrt(0.95 / 0.0004), fit.maxConcurrency(), 1e-3);
        assertEquals(fit.throughputAt(fit.maxConcurrency()), fit.maxThroughput(), 1e-6);
    }

    @Test
    void recoversParametersFromNoisyPoints() {
        int[] ns = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32};
        UslFit fit = UslFit.fit(points(50_000, 0.1, 0.002, ns, 0.01, 42));
        assertEquals(50_000, fit.lambda(), 50_000 * 0.05);
        assertEquals(0.1, fit.sigma(), 0.03);
        assertEquals(0.002, fit.kappa(), 0.0006);
        assertTrue(fit.rSquared() > 0.98, "R² " + fit.rSquared());
        double nStar = Math.sqrt(0.9 / 0.002);
        assertEquals(nStar, fit.maxConcurrency(), nStar * 0.15);
    }

    @Test
    void pureContentionHasNoPeak() {
        int[] ns = {1, 2, 3, 4, 6, 8};
        UslFit fit = UslFit.fit(points(100, 0.2, 0, ns, 0, 0));
        assertEquals(0.2, fit.sigma(), 1e-6);
        assertEquals(0, fit.kappa(), 1e-9);
        assertTrue(fit.maxConcurrency() > 1000, "no peak within reach: " + fit.maxConcurrency());
        assertEquals(100 / 0.2, fit.maxThroughput(), 100 / 0.2 * 0.01, "Amdahl's asymptote λ/σ");
    }

    @Test
    void needsSixPoints() {
        int[] ns = {1, 2, 3, 4, 5};
        assertThrows(IllegalArgumentException.class, () -> UslFit.fit(points(100, 0.1, 0.01, ns, 0, 0)));
    }
}
