package dev.jtee.ta;

/** {@code TEE_OperationInfo}. */
public record OperationInfo(int algorithm, int operationClass, int mode, int digestLength, int maxKeySize,
                            int keySize, int requiredKeyUsage, int handleState) {
}
