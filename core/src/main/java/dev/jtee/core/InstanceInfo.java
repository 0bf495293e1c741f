package dev.jtee.core;

import dev.jtee.api.TeeUuid;

/**
 * One TA instance as {@link SecureWorld#instances()} lists it.
 *
 * @param uuid     the TA
 * @param name     the TA's short name
 * @param sessions sessions open on it
 * @param heap     its heap, at the time of the snapshot
 * @param dead     whether it panicked (dead instances stay listed while sessions or INSTANCE_KEEP_CRASHED keep them)
 */
public record InstanceInfo(TeeUuid uuid, String name, int sessions, HeapStats heap, boolean dead) {
}
