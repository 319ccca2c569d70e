package autograd.spark;

import java.io.Serializable;
import java.util.SortedMap;

/**
 * A sweep's code made ready to travel, in plain JDK types only, so that an executor deserializes it
 * without knowing any cell class: the class files of the cell classes it can reach, the code itself
 * (Java-serialized), and the driver's values of the notebook variables it reads.
 *
 * @param classes binary name → class file, for every cell class the code can reach
 * @param code the Java-serialized {@link SweepCode}
 * @param statics {@code owner#field} → the Java-serialized value of each notebook variable (and
 *     non-final static of a cell class) the code reads
 * @param fingerprint SHA-256 of all of it: an executor defines the classes once per fingerprint
 * @param description what the code is, for messages
 */
record ShippedCode(
        SortedMap<String, byte[]> classes,
        byte[] code,
        SortedMap<String, byte[]> statics,
        String fingerprint,
        String description)
        implements Serializable {

    /** Its size in bytes (class files, code and values). */
    int size() {
        return code.length
                + classes.values().stream().mapToInt(b -> b.length).sum()
                + statics.values().stream().mapToInt(b -> b.length).sum();
    }

    @Override
    public String toString() {
        return description + ": " + classes.size() + " cell classes, variables " + statics.keySet() + ", " + size()
                + " bytes";
    }
}
