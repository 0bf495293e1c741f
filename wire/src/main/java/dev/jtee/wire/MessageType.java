package dev.jtee.wire;

/** The message types of the protocol, as the header's {@code type} byte carries them. Stable values. */
public final class MessageType {
    /** Client → daemon, first frame: versions the client speaks. Body: {@link Hello}. */
    public static final int HELLO = 1;
    /** Daemon → client: the version chosen and the daemon's limits. Body: {@link HelloReply}. */
    public static final int HELLO_REPLY = 2;
    /** Client → daemon. Body: {@link OpenSession}. Answered by RESULT or ERROR. */
    public static final int OPEN_SESSION = 3;
    /** Client → daemon. Body: {@link Invoke}. Answered by RESULT or ERROR. */
    public static final int INVOKE = 4;
    /** Client → daemon. Body: {@link CloseSession}. Answered by RESULT or ERROR. */
    public static final int CLOSE_SESSION = 5;
    /** Client → daemon, not answered: GP cancellation of a call in flight. Body: {@link Cancel}. */
    public static final int CANCEL = 6;
    /** Daemon → client: how a call ended. Body: {@link Result}. */
    public static final int RESULT = 7;
    /** Either way: a request or the connection failed. Body: {@link ErrorFrame}. */
    public static final int ERROR = 8;
    /**
     * Client → daemon: account a block of shared memory the client allocated. Body:
     * {@link ShmFrames} {@code u64 size}. Answered by SHM_REPLY or ERROR (OUT_OF_MEMORY when the
     * daemon's secure RAM cannot hold it).
     */
    public static final int REGISTER_SHM = 9;
    /** Client → daemon: give a block back. Body: {@code u32 id}. Answered by SHM_REPLY (the id) or ERROR. */
    public static final int RELEASE_SHM = 10;
    /** Daemon → client: the id of the block a REGISTER_SHM or RELEASE_SHM was about. Body: {@code u32 id}. */
    public static final int SHM_REPLY = 11;

    private MessageType() {
    }

    public static String name(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case HELLO_REPLY -> "HELLO_REPLY";
            case OPEN_SESSION -> "OPEN_SESSION";
            case INVOKE -> "INVOKE";
            case CLOSE_SESSION -> "CLOSE_SESSION";
            case CANCEL -> "CANCEL";
            case RESULT -> "RESULT";
            case ERROR -> "ERROR";
            case REGISTER_SHM -> "REGISTER_SHM";
            case RELEASE_SHM -> "RELEASE_SHM";
            case SHM_REPLY -> "SHM_REPLY";
            default -> "type " + type;
        };
    }
}
