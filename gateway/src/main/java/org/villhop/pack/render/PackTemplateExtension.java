package org.villhop.pack.render;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/** Template filters of the pack: {@code frdate} turns an ISO date or date-time into French notation. */
final class PackTemplateExtension extends AbstractExtension {

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("frdate", new FrenchDateFilter());
    }

    static final class FrenchDateFilter implements Filter {
        private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH'h'mm");

        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            if (input == null) {
                throw new PebbleException(null, "frdate applied to a missing value", lineNumber, self.getName());
            }
            String text = input.toString();
            try {
                return text.length() <= 10 ? LocalDate.parse(text).format(DATE)
                        : OffsetDateTime.parse(text).format(DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new PebbleException(e, "frdate: not an ISO date: " + text, lineNumber, self.getName());
            }
        }
    }
}
