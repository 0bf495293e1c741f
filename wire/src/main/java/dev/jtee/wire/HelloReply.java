package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * HELLO_REPLY: the version the daemon chose, the largest frame either side may send, the daemon's
 * secure threads, the credentials it read from the socket for this client (what its logins will
 * be derived from; -1 when unknown) and a description of the world. Body: {@code u16 version,
 * u32 maxFrame, u32 secureThreads, u32 uid, u32 gid, u32 pid, text describe}.
 */
public record HelloReply(int version, int maxFrame, int secureThreads, int uid, int gid, int pid, String describe) {
    public void encode(ByteBuffer b, int requestId) {
        int start = Protocol.begin(b, version, MessageType.HELLO_REPLY, requestId);
        b.putShort((short) version).putInt(maxFrame).putInt(secureThreads).putInt(uid).putInt(gid).putInt(pid);
        Protocol.putText(b, describe);
        Protocol.end(b, start);
    }

    public static HelloReply decode(ByteBuffer body) {
        Protocol.need(body, 22);
        int version = Short.toUnsignedInt(body.getShort());
        int maxFrame = body.getInt();
        int threads = body.getInt();
        int uid = body.getInt();
        int gid = body.getInt();
        int pid = body.getInt();
        String describe = Protocol.getText(body);
        Protocol.done(body);
        if (maxFrame < Protocol.MIN_MAX_FRAME || maxFrame > Protocol.ABSOLUTE_MAX_FRAME) {
            throw new WireException(ErrorCode.BAD_FRAME, "max frame " + maxFrame + " out of range");
        }
        if (threads < 1) {
            throw new WireException(ErrorCode.BAD_FRAME, "secure threads " + threads + " out of range");
        }
        return new HelloReply(version, maxFrame, threads, uid, gid, pid, describe);
    }
}
