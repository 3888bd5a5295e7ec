package dev.dragoman.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.LocalDate;
import java.util.List;

/**
 * A meeting, talks, a visit or a call found in one sentence [start, end): who takes part (canonical entity ids), where
 * and when (resolved date), as far as the sentence says.
 */
public record Event(@NotNull Type type, @PositiveOrZero int start, @PositiveOrZero int end, String trigger,
                    List<String> participants, String placeId, LocalDate date) {

    public enum Type {
        MEETING, TALKS, VISIT, CALL
    }

    public Event {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** The same event in a text that starts {@code offset} characters earlier. */
    public Event shifted(int offset) {
        return new Event(type, start + offset, end + offset, trigger, participants, placeId, date);
    }
}
