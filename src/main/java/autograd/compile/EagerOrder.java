package autograd.compile;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The order in which the eager engine's backward pass visits a graph ({@code Graphs.Walk.sort}),
 * for either engine: a trace must differentiate in exactly that order to give the same bits.
 */
final class EagerOrder {

    private EagerOrder() {}

    /**
     * {@code root} and the nodes it depends on through inputs that {@code pushed} accepts, inputs
     * first: a node is pushed once per use, its accepted inputs pushed in {@code inputs} order when
     * it is first popped, and emitted when popped again after them.
     */
    static <N> List<N> of(N root, Function<N, List<N>> inputs, Predicate<N> pushed) {
        List<N> order = new ArrayList<>();
        Map<N, Boolean> state = new IdentityHashMap<>(); // false: inputs pending, true: emitted
        List<N> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            N v = stack.get(stack.size() - 1);
            Boolean s = state.get(v);
            if (s == Boolean.TRUE) {
                stack.remove(stack.size() - 1);
            } else if (s == Boolean.FALSE) {
                stack.remove(stack.size() - 1);
                state.put(v, true);
                order.add(v);
            } else {
                state.put(v, false);
                for (N in : inputs.apply(v)) {
                    if (pushed.test(in) && state.get(in) != Boolean.TRUE) stack.add(in);
                }
            }
        }
        return order;
    }
}
