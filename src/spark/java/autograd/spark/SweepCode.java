package autograd.spark;

import autograd.sweep.StopRule;
import java.io.Serializable;

/** What a sweep's tasks share: the function of a run and the stop rule, shipped together once per sweep. */
record SweepCode(Serializable function, StopRule stopRule) implements Serializable {}
