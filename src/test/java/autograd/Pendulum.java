package autograd;

/** The notebooks' double pendulum, written with {@link Value}s, for the reference and deep-graph tests. */
final class Pendulum {
    private Pendulum() {}

    /**
     * {@code steps} explicit Euler steps of size {@code h} from state (θ1, θ2, p1, p2); the
     * arithmetic follows scripts/generate_reference.py operation for operation.
     */
    static Value[] euler(Value[] state, double h, int steps, double g) {
        Value theta1 = state[0], theta2 = state[1], p1 = state[2], p2 = state[3];
        for (int i = 0; i < steps; i++) {
            Value c = theta1.sub(theta2).cos();
            Value s = theta1.sub(theta2).sin();
            Value denom = c.mul(9).mul(c).rsub(16);
            Value dTheta1 = p1.mul(2).sub(c.mul(3).mul(p2)).mul(6).div(denom);
            Value dTheta2 = p2.mul(8).sub(c.mul(3).mul(p1)).mul(6).div(denom);
            Value dP1 = dTheta1.mul(dTheta2).mul(s).add(theta1.sin().mul(3 * g)).mul(-0.5);
            Value dP2 =
                    dTheta1.neg().mul(dTheta2).mul(s).add(theta2.sin().mul(g)).mul(-0.5);
            theta1 = theta1.add(dTheta1.mul(h));
            theta2 = theta2.add(dTheta2.mul(h));
            p1 = p1.add(dP1.mul(h));
            p2 = p2.add(dP2.mul(h));
        }
        return new Value[] {theta1, theta2, p1, p2};
    }
}
