"""A process that connects to the jtee daemon, then changes what it is before it opens sessions.

exec SOCKET PROGRAM ARGS...  connect and say HELLO (so the daemon has seen this process), put the
                             socket on fd 0, exec PROGRAM (which goes on talking on it)
drop SOCKET UID GID          connect as root (HELLO), drop to UID/GID, then open sessions itself and print
                             the TA-visible identity of a USER login and the result of a GROUP
                             login for gid 0, one line each
"""
import os
import socket
import struct
import sys
import uuid

MAGIC = 0x4A54
HELLO, HELLO_REPLY, OPEN_SESSION, INVOKE, RESULT, ERROR = 1, 2, 3, 4, 7, 8
OS_TEST = uuid.UUID("5b9e0e40-2636-11e1-ad9e-0002a5d5c51b")
CMD_CLIENT_IDENTITY = 20


def frame(kind, request, body):
    return struct.pack(">IHBBI", 8 + len(body), MAGIC, 1, kind, request) + body


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise EOFError("the daemon closed the connection")
        out += chunk
    return out


def recv_frame(s):
    (length,) = struct.unpack(">I", recv_exact(s, 4))
    rest = recv_exact(s, length)
    _, _, kind, request = struct.unpack(">HBBI", rest[:8])
    return kind, request, rest[8:]


def call(s, kind, request, body):
    s.sendall(frame(kind, request, body))
    k, r, answer = recv_frame(s)
    if k == ERROR:
        _code, result, origin = struct.unpack(">HII", answer[:10])
        return result, origin, 0, b""
    result, origin, session, _instance = struct.unpack(">IIII", answer[:16])
    return result, origin, session, answer[16:]


def open_session(s, request, login, connection_data):
    body = OS_TEST.bytes + struct.pack(">IIII", login, connection_data & 0xFFFFFFFF, 0, 0)
    return call(s, OPEN_SESSION, request, body)


def identity(s, request, session):
    # p0 VALUE_OUTPUT, p1 MEMREF_OUTPUT of 16 bytes (its own region, nothing sent in)
    types = 2 | 6 << 4
    body = struct.pack(">IIII", session, CMD_CLIENT_IDENTITY, 0, types) + b"\x01" + struct.pack(">IBIQ", 16, 0, 0, 16)
    result, origin, _, reply = call(s, INVOKE, request, body)
    if result != 0:
        return "invoke 0x%08x/%d" % (result, origin)
    return str(uuid.UUID(bytes_le=reply[-16:]))  # a TEE_UUID struct: its fields in the CPU's (little-endian) order


def main():
    mode, path = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(frame(HELLO, 0, struct.pack(">HHI", 1, 1, 1 << 20)))
    kind, _, _ = recv_frame(s)
    assert kind == HELLO_REPLY, kind
    if mode == "exec":
        os.dup2(s.fileno(), 0)
        os.execv(sys.argv[3], sys.argv[3:])
    uid, gid = int(sys.argv[3]), int(sys.argv[4])
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    result, origin, session, _ = open_session(s, 1, 1, 0)  # USER
    print("USER " + (identity(s, 2, session) if result == 0 else "open 0x%08x/%d" % (result, origin)))
    result, origin, _, _ = open_session(s, 3, 2, 0)  # GROUP, gid 0
    print("GROUP0 0x%08x/%d" % (result, origin))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
