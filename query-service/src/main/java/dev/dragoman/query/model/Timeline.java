package dev.dragoman.query.model;

import java.time.LocalDate;
import java.util.List;

/** Article counts per day, week, month or year (each bucket starts at its date), empty buckets included. */
public record Timeline(String interval, long total, List<Bucket> buckets) {

    public record Bucket(LocalDate date, long count) {
    }
}
