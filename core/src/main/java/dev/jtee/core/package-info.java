/**
 * The emulated secure world: {@link dev.jtee.core.SecureWorld} (build one with
 * {@link dev.jtee.core.SecureWorld#builder()}, reach it through
 * {@link dev.jtee.api.spi.SecureWorldPort}) and {@link dev.jtee.core.EmbeddedWorldProvider} for
 * clients that find it with ServiceLoader. Everything else is package-private and named after the
 * OP-TEE concept it emulates:
 * <ul>
 *   <li>{@code SecureThreads} — {@code CFG_NUM_THREADS} and ETHREAD_LIMIT ({@code thread.c});</li>
 *   <li>{@code TaStore} — finding and validating TAs (the loader's header checks);</li>
 *   <li>{@code TaManager} — instances and sessions ({@code tee_ta_manager.c}), with {@code Gate} as
 *       the busy flag and the single-instance lock;</li>
 *   <li>{@code Instance} — a {@code user_ta_ctx}: the TA object, its thread, the call hand-off;</li>
 *   <li>{@code InstanceApi}, {@code ParamsView}, {@code TaProperties} — libutee and its syscalls;</li>
 *   <li>{@code SecureRam}, {@code TaMemory}, {@code TaHeap} — TZDRAM, the TA's MMU, its heap;</li>
 *   <li>{@code AbortDump}, {@code Console} — {@code abort.c} and ldelf's state dump;</li>
 *   <li>{@code StackMeter}, {@code StackInstrumenter} — a modelled C stack for Java TAs (strict
 *       stacks, profiling); {@link dev.jtee.core.TaProfiler} with {@code ProfileRun} measures what a
 *       TA needs (results in {@code dev.jtee.core.profile}).</li>
 * </ul>
 */
package dev.jtee.core;
