package io.costflow.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger logs while the capture is open; close it to stop capturing. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private boolean levelChanged;
    private Level restoreLevel;

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** Also events below the logger's configured level, down to {@code level}, until closed. */
    public static LogCapture of(String name, Level level) {
        LogCapture capture = new LogCapture(name);
        capture.levelChanged = true;
        capture.restoreLevel = capture.logger.getLevel();
        capture.logger.setLevel(level);
        return capture;
    }

    /** The events so far, oldest first. */
    public List<ILoggingEvent> events() {
        return appender.list;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        if (levelChanged) {
            logger.setLevel(restoreLevel);
        }
    }
}
