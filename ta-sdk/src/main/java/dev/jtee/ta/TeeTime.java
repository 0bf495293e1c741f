package dev.jtee.ta;

/** {@code TEE_Time}: seconds and milliseconds. */
public record TeeTime(long seconds, int millis) {
    public long toMillis() {
        return seconds * 1000 + millis;
    }
}
