package dev.jtee.ta;

import dev.jtee.api.TeeResult;

/**
 * The outcome of a property getter that writes into TA memory: SUCCESS with the bytes written,
 * SHORT_BUFFER with the length needed, ITEM_NOT_FOUND or BAD_FORMAT (length 0).
 */
public record PropertyRead(TeeResult result, int length) {
}
