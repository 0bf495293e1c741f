package dev.jtee.ta;

/** What {@code TEE_AEEncryptFinal} wrote: bytes of cipher text and of tag. */
public record AeEncryptResult(int written, int tagLength) {
}
