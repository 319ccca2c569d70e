package autograd.plot;

/**
 * One value in a graph drawing: the lines of its box, its op ("" for a leaf) and the ids of its
 * inputs. Ids follow a topological order, inputs first, so {@code inputs[k] < id}.
 */
record GraphNode(int id, String[] fields, String op, int[] inputs) {

    boolean leaf() {
        return op.isEmpty();
    }
}
