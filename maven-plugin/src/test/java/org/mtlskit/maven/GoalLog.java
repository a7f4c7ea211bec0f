package org.mtlskit.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** Maven's console log, keeping every info line a goal prints so a test can read them. */
final class GoalLog extends SystemStreamLog {
    final List<String> info = new ArrayList<>();

    @Override
    public void info(CharSequence content) {
        info.add(content.toString());
    }
}
