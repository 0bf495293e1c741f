package dev.jtee.ta;

/** A value parameter ({@code TEE_Param.value}): two u32, {@code a} and {@code b}. */
public interface Value {
    int a();

    int b();

    /** Sets a; copied back to the client only for VALUE_OUTPUT / VALUE_INOUT. */
    void a(int a);

    void b(int b);
}
