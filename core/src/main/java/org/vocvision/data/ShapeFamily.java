package org.vocvision.data;

/**
 * The silhouettes of the synthetic classes, each a point-in-shape test in the object's own frame:
 * {@code u, v} in [-1, 1] (the object's rotated, scaled bounding square) and a shape parameter
 * {@code p} in [0, 1) drawn per object, which varies the silhouette within its family.
 */
enum ShapeFamily {
    ELLIPSE(0.785) {
        @Override
        boolean contains(double u, double v, double p) {
            return u * u + v * v <= 1;
        }
    },
    STAR(0.45) {
        @Override
        boolean contains(double u, double v, double p) {
            int points = 5 + (int) (p * 2);
            double r = Math.sqrt(u * u + v * v);
            if (r > 1) {
                return false;
            }
            double sector = 2 * Math.PI / points;
            double a = Math.abs(Math.IEEEremainder(Math.atan2(v, u), sector)) / (sector / 2);
            double inner = 0.42;
            return r <= inner + (1 - inner) * (1 - a);
        }
    },
    TRIANGLE(0.45) {
        @Override
        boolean contains(double u, double v, double p) {
            // apex at the top, base at v = 0.8; the half width grows linearly from the apex
            return v >= -1 && v <= 0.8 && Math.abs(u) <= (v + 1) / 1.8 * (0.8 + 0.2 * p);
        }
    },
    RING(0.5) {
        @Override
        boolean contains(double u, double v, double p) {
            double r2 = u * u + v * v;
            double inner = 0.45 + 0.15 * p;
            return r2 <= 1 && r2 >= inner * inner;
        }
    },
    CROSS(0.5) {
        @Override
        boolean contains(double u, double v, double p) {
            double arm = 0.28 + 0.1 * p;
            return (Math.abs(u) <= arm && Math.abs(v) <= 1) || (Math.abs(v) <= arm && Math.abs(u) <= 1);
        }
    },
    CRESCENT(0.4) {
        @Override
        boolean contains(double u, double v, double p) {
            double shift = 0.35 + 0.2 * p;
            double du = u - shift;
            return u * u + v * v <= 1 && du * du + v * v > 0.8 * 0.8;
        }
    },
    ROUNDED_RECT(0.93) {
        @Override
        boolean contains(double u, double v, double p) {
            double corner = 0.25 + 0.25 * p;
            double x = Math.abs(u) - (1 - corner);
            double y = Math.abs(v) - (1 - corner);
            if (Math.abs(u) > 1 || Math.abs(v) > 1) {
                return false;
            }
            return x <= 0 || y <= 0 || x * x + y * y <= corner * corner;
        }
    },
    TRIANGLE_STACK(0.45) {
        @Override
        boolean contains(double u, double v, double p) {
            // two or three stacked triangles (a fir tree), each widening downwards
            int tiers = 2 + (int) (p * 2);
            if (v < -1 || v > 1) {
                return false;
            }
            double t = (v + 1) / 2 * tiers;
            double within = t - Math.floor(t);
            double tier = Math.min(Math.floor(t), tiers - 1);
            double width = (0.25 + 0.75 * within) * (0.6 + 0.4 * (tier + 1) / tiers);
            return Math.abs(u) <= width;
        }
    },
    L_SHAPE(0.5) {
        @Override
        boolean contains(double u, double v, double p) {
            double bar = 0.45 + 0.2 * p;
            if (Math.abs(u) > 1 || Math.abs(v) > 1) {
                return false;
            }
            // a vertical bar on the left joined to a horizontal bar at the bottom
            return u <= -1 + bar || v >= 1 - bar;
        }
    },
    HOURGLASS(0.5) {
        @Override
        boolean contains(double u, double v, double p) {
            double waist = 0.1 + 0.15 * p;
            return Math.abs(v) <= 1 && Math.abs(u) <= waist + (1 - waist) * Math.abs(v);
        }
    };

    private final double fill;

    ShapeFamily(double fill) {
        this.fill = fill;
    }

    /** Whether the point (u, v) of the object's frame lies inside the silhouette. */
    abstract boolean contains(double u, double v, double p);

    /** About what fraction of the [-1, 1] square the silhouette covers, to size objects by area. */
    double fill() {
        return fill;
    }
}
