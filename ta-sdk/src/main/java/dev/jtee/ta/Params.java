package dev.jtee.ta;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;

/**
 * The four parameters of an entry point ({@code uint32_t paramTypes, TEE_Param params[4]}). A TA
 * checks {@link #types()} against what it expects before it touches a parameter; asking for a
 * view that does not match the type is a panic, as misusing a union is undefined in C.
 */
public interface Params {
    /** The packed TA-side types word; compare with {@link ParamTypes#pack}. */
    int types();

    default ParamType type(int index) {
        return ParamType.ta(ParamTypes.get(types(), index));
    }

    /** Whether the types are exactly these four. */
    default boolean are(ParamType p0, ParamType p1, ParamType p2, ParamType p3) {
        return types() == ParamTypes.pack(p0, p1, p2, p3);
    }

    Value value(int index);

    Memref memref(int index);
}
