// CSodium: the C tier of WaferCrypto.
//
// Thin wrappers over libsodium that take `void *`, so that Swift passes raw buffer pointers and never needs
// `bindMemory` (the pattern of swift-crypto's CCryptoBoringSSLShims). Every function returns libsodium's own
// status code (0 on success, -1 on failure) unless its name says otherwise.
#ifndef WAFER_CSODIUM_SHIM_H
#define WAFER_CSODIUM_SHIM_H

#include <sodium.h>
#include <string.h>

static inline int wafer_sodium_init(void) { return sodium_init(); }

static inline void wafer_randombytes(void *out, size_t count) { randombytes_buf(out, count); }

static inline void wafer_memzero(void *p, size_t count) { sodium_memzero(p, count); }

/// Constant-time comparison of two buffers of `count` bytes: 0 when equal, -1 otherwise.
static inline int wafer_memcmp(const void *a, const void *b, size_t count) { return sodium_memcmp(a, b, count); }

static inline int wafer_ed25519_seed_keypair(void *publicKey, void *secretKey, const void *seed) {
    return crypto_sign_ed25519_seed_keypair((unsigned char *)publicKey, (unsigned char *)secretKey,
                                            (const unsigned char *)seed);
}

static inline int wafer_ed25519_sign(void *signature, const void *message, size_t messageLength,
                                     const void *secretKey) {
    return crypto_sign_ed25519_detached((unsigned char *)signature, NULL, (const unsigned char *)message,
                                        (unsigned long long)messageLength, (const unsigned char *)secretKey);
}

static inline int wafer_ed25519_verify(const void *signature, const void *message, size_t messageLength,
                                       const void *publicKey) {
    return crypto_sign_ed25519_verify_detached((const unsigned char *)signature, (const unsigned char *)message,
                                               (unsigned long long)messageLength,
                                               (const unsigned char *)publicKey);
}

/// 1 when the 32 bytes encode a canonical point of the main subgroup that is not of small order, 0 otherwise.
static inline int wafer_ed25519_is_valid_point(const void *point) {
    return crypto_core_ed25519_is_valid_point((const unsigned char *)point);
}

/// HMAC-SHA256 with a key of any length (libsodium's init/update/final); the state is wiped before returning.
static inline int wafer_hmac_sha256(void *mac, const void *key, size_t keyLength, const void *message,
                                    size_t messageLength) {
    crypto_auth_hmacsha256_state state;
    int status = crypto_auth_hmacsha256_init(&state, (const unsigned char *)key, keyLength);
    if (status == 0) {
        status = crypto_auth_hmacsha256_update(&state, (const unsigned char *)message,
                                               (unsigned long long)messageLength);
    }
    if (status == 0) {
        status = crypto_auth_hmacsha256_final(&state, (unsigned char *)mac);
    }
    sodium_memzero(&state, sizeof state);
    return status;
}

/* HMAC-SHA256 with a key prepared once: the state after the key's inner and outer pads, copied for each
   message. `prepared` holds wafer_hmac_sha256_state_size() bytes (aligned for the state struct). */
static inline size_t wafer_hmac_sha256_state_size(void) { return sizeof(crypto_auth_hmacsha256_state); }

static inline int wafer_hmac_sha256_prepare(void *prepared, const void *key, size_t keyLength) {
    return crypto_auth_hmacsha256_init((crypto_auth_hmacsha256_state *)prepared, (const unsigned char *)key,
                                       keyLength);
}

static inline int wafer_hmac_sha256_prepared(void *mac, const void *prepared, const void *message,
                                             size_t messageLength) {
    crypto_auth_hmacsha256_state state;
    memcpy(&state, prepared, sizeof state);
    int status = crypto_auth_hmacsha256_update(&state, (const unsigned char *)message,
                                               (unsigned long long)messageLength);
    if (status == 0) {
        status = crypto_auth_hmacsha256_final(&state, (unsigned char *)mac);
    }
    sodium_memzero(&state, sizeof state);
    return status;
}

static inline int wafer_secretbox_seal(void *ciphertext, const void *message, size_t messageLength,
                                       const void *nonce, const void *key) {
    return crypto_secretbox_easy((unsigned char *)ciphertext, (const unsigned char *)message,
                                 (unsigned long long)messageLength, (const unsigned char *)nonce,
                                 (const unsigned char *)key);
}

static inline int wafer_secretbox_open(void *message, const void *ciphertext, size_t ciphertextLength,
                                       const void *nonce, const void *key) {
    return crypto_secretbox_open_easy((unsigned char *)message, (const unsigned char *)ciphertext,
                                      (unsigned long long)ciphertextLength, (const unsigned char *)nonce,
                                      (const unsigned char *)key);
}

#endif
