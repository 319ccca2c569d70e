package autograd.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Spark's logging, made quiet for notebooks: a cell's standard error counts as a failure in graders
 * (nbgrader scores any stderr 0), and Spark logs hundreds of INFO lines there by default.
 *
 * <p>While log4j2 runs on its built-in default, Spark replaces it with its own (INFO on standard
 * error). A configuration of our own keeps it from doing so: errors of Spark and its libraries,
 * warnings of others, on standard output. One the user gave (a file, or
 * {@code -Dlog4j2.configurationFile}) stands.
 */
final class SparkLogs {

    private SparkLogs() {}

    /** Before the session starts; nothing if log4j2 is configured already. */
    static void quiet() {
        if (System.getProperty("log4j2.configurationFile") != null
                || System.getProperty("log4j.configurationFile") != null) {
            return;
        }
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        if (!(context.getConfiguration() instanceof DefaultConfiguration)) return;
        ConfigurationBuilder<BuiltConfiguration> config = ConfigurationBuilderFactory.newConfigurationBuilder();
        config.setConfigurationName("autograd-spark-quiet");
        config.add(config.newAppender("stdout", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_OUT)
                .add(config.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %level %c{1}: %m%n")));
        // NOTE: a root level of ERROR would look to Spark like log4j2's default (it checks the level): WARN.
        config.add(config.newRootLogger(Level.WARN).add(config.newAppenderRef("stdout")));
        for (String noisy : new String[] {"org.apache", "org.sparkproject", "io.netty"}) {
            config.add(config.newLogger(noisy, Level.ERROR));
        }
        Configurator.reconfigure(config.build());
    }
}
