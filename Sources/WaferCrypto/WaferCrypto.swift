/// Cryptography for Wafer.
public enum WaferCrypto {}
