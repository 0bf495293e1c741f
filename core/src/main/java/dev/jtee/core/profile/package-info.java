/**
 * TA stack and heap profiling: what {@link dev.jtee.core.TaProfiler} measures
 * ({@link dev.jtee.core.profile.TaProfile} with its {@link dev.jtee.core.profile.StackProfile},
 * {@link dev.jtee.core.profile.HeapProfile} and per-entry {@link dev.jtee.core.profile.EntryProfile}),
 * the {@link dev.jtee.core.profile.Workload} it runs (built in Java or parsed from a small text
 * file), the assertions a test uses to fail a build when declared sizes are too small, and the
 * Micrometer meters {@code jtee.ta.stack.*} / {@code jtee.ta.heap.*} of a profile
 * ({@link dev.jtee.core.profile.ProfileMeters}) and of a live world ({@link dev.jtee.core.profile.TaMeters}).
 */
package dev.jtee.core.profile;
