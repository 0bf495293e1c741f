package dev.jtee.examples;

import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_READ;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_WRITE;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_ACCESS_WRITE_META;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_OVERWRITE;
import static dev.jtee.ta.TeeDefines.DATA_FLAG_SHARE_READ;
import static dev.jtee.ta.TeeDefines.STORAGE_PRIVATE;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Memref;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.ObjectInfo;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;

/**
 * optee_examples' secure_storage: READ_RAW (id, data out; SHORT_BUFFER with the object's size),
 * WRITE_RAW (id, data; creates or overwrites), DELETE (id). Objects live in TEE_STORAGE_PRIVATE;
 * as in the C TA the id is copied into TA memory first (GP forbids ids in shared memory).
 */
public final class SecureStorageTa implements TrustedApplication {
    public static final String UUID = "f4e750bb-1437-4fbf-8785-8d3580c34994";
    public static final int CMD_READ_RAW = 0;
    public static final int CMD_WRITE_RAW = 1;
    public static final int CMD_DELETE = 2;

    private static final TaManifest MANIFEST = TaManifest.builder(UUID, "secure_storage").singleInstance()
            .description("Secure storage TA: raw objects in TEE_STORAGE_PRIVATE").build();
    private static final int ID_AND_OUT = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_OUTPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int ID_AND_IN = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.MEMREF_INPUT,
            ParamType.NONE, ParamType.NONE);
    private static final int ID_ONLY = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE,
            ParamType.NONE);

    @Override
    public TaManifest manifest() {
        return MANIFEST;
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        int expected = switch (command) {
            case CMD_READ_RAW -> ID_AND_OUT;
            case CMD_WRITE_RAW -> ID_AND_IN;
            case CMD_DELETE -> ID_ONLY;
            default -> -1;
        };
        if (expected < 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        if (params.types() != expected) {
            return TeeResult.BAD_PARAMETERS;
        }
        Memref idRef = params.memref(0);
        long id = TeeApi.malloc(idRef.size(), TeeApi.MALLOC_FILL_ZERO);
        if (id == 0) {
            return TeeResult.OUT_OF_MEMORY;
        }
        try {
            TeeApi.memMove(id, idRef.address(), idRef.size());
            return switch (command) {
                case CMD_READ_RAW -> read(id, idRef.size(), params.memref(1));
                case CMD_WRITE_RAW -> write(id, idRef.size(), params.memref(1));
                default -> delete(id, idRef.size());
            };
        } catch (TeeException e) {
            return e.result();
        } finally {
            TeeApi.free(id);
        }
    }

    private static TeeResult read(long id, int idLen, Memref out) {
        ObjectHandle o = TeeApi.openPersistentObject(STORAGE_PRIVATE, id, idLen,
                DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ);
        try {
            ObjectInfo info = TeeApi.getObjectInfo1(o);
            if (info.dataSize() > out.size()) {
                out.size(info.dataSize());
                return TeeResult.SHORT_BUFFER;
            }
            int n = TeeApi.readObjectData(o, out.address(), (int) info.dataSize());
            if (n != info.dataSize()) {
                return TeeResult.GENERIC;
            }
            out.size(n);
            return TeeResult.SUCCESS;
        } finally {
            TeeApi.closeObject(o);
        }
    }

    private static TeeResult write(long id, int idLen, Memref data) {
        ObjectHandle o = TeeApi.createPersistentObject(STORAGE_PRIVATE, id, idLen,
                DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE | DATA_FLAG_ACCESS_WRITE_META | DATA_FLAG_OVERWRITE,
                null, data.address(), data.size());
        TeeApi.closeObject(o);
        return TeeResult.SUCCESS;
    }

    private static TeeResult delete(long id, int idLen) {
        ObjectHandle o = TeeApi.openPersistentObject(STORAGE_PRIVATE, id, idLen,
                DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE_META);
        TeeApi.closeAndDeletePersistentObject1(o);
        return TeeResult.SUCCESS;
    }
}
