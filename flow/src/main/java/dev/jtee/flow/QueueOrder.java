package dev.jtee.flow;

/** Which waiter of a partition receives the next freed permit. */
public enum QueueOrder {
    /** Oldest waiter first: fair, but under overload every waiter may age towards its deadline. */
    FIFO,
    /** Newest waiter first: under overload the newest calls keep meeting their deadlines while old ones time out. */
    LIFO
}
