package dev.jtee.ta;

import java.util.List;

/**
 * {@code TEE_OperationInfoMultiple}: {@link OperationInfo}'s fields but the key's, the operation's
 * state (GP's {@code TEE_OPERATION_STATE_*}) and one {@link KeyInformation} per key the operation
 * takes — none for a digest, two for AES-XTS, else one ({@code numberOfKeys} is the list's size).
 */
public record OperationInfoMultiple(int algorithm, int operationClass, int mode, int digestLength, int maxKeySize,
                                    int handleState, int operationState, List<KeyInformation> keyInformation) {
    public OperationInfoMultiple {
        keyInformation = List.copyOf(keyInformation);
    }

    /** {@code TEE_OperationInfoKey}: the key's size in bits as set (0 when none is) and the usage it needs. */
    public record KeyInformation(int keySize, int requiredKeyUsage) {
    }
}
