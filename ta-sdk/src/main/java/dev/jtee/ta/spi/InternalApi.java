package dev.jtee.ta.spi;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Identity;
import dev.jtee.ta.PropSet;
import dev.jtee.ta.PropertyRead;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeTime;
import java.util.List;

/**
 * The Internal Core API as the secure world implements it for one TA instance; reached through
 * {@link dev.jtee.ta.TeeApi} from the instance's thread. Semantics are documented there.
 */
public interface InternalApi {
    /** Implemented by the thread that runs an instance's entry points. */
    interface Carrier {
        InternalApi internalApi();
    }

    // memory
    long malloc(long size, int hint);

    long realloc(long buffer, long newSize);

    void free(long buffer);

    void memMove(long dest, long src, long size);

    void memFill(long buffer, int x, long size);

    int memCompare(long buffer1, long buffer2, long size);

    TeeResult checkMemoryAccessRights(int accessFlags, long buffer, long size);

    byte getByte(long address);

    void putByte(long address, byte value);

    void read(long address, byte[] dst, int dstOffset, int length);

    void write(long address, byte[] src, int srcOffset, int length);

    // panic
    RuntimeException panic(int code);

    // properties
    String getPropertyAsString(PropSet set, String name);

    PropertyRead getPropertyAsString(PropSet set, String name, long buffer, int bufferLength);

    boolean getPropertyAsBool(PropSet set, String name);

    int getPropertyAsU32(PropSet set, String name);

    long getPropertyAsU64(PropSet set, String name);

    byte[] getPropertyAsBinaryBlock(PropSet set, String name);

    PropertyRead getPropertyAsBinaryBlock(PropSet set, String name, long buffer, int bufferLength);

    TeeUuid getPropertyAsUuid(PropSet set, String name);

    Identity getPropertyAsIdentity(PropSet set, String name);

    List<String> propertyNames(PropSet set);

    // time and cancellation
    TeeTime getSystemTime();

    TeeResult waitFor(int timeoutMillis);

    boolean getCancellationFlag();

    boolean unmaskCancellation();

    boolean maskCancellation();

    // random
    void generateRandom(long buffer, long size);

    // TA-to-TA
    TaSessionHandle openTASession(TeeUuid destination, int cancellationTimeout, TaParams params);

    void invokeTACommand(TaSessionHandle session, int cancellationTimeout, int command, TaParams params);

    void closeTASession(TaSessionHandle session);
}
