/*
 * The macaroon cases of Wafer's MacaroonBenchmarks, against libmacaroons (Debian's libmacaroons-dev, the C
 * reference implementation; V1 serialization). Same root key, identifier, location, five predicates and
 * third-party caveat as Benchmarks/Benchmarks/MacaroonBenchmarks/MacaroonBenchmarks.swift.
 *
 *   gcc -O2 -o libmacaroons_bench libmacaroons_bench.c -lmacaroons && ./libmacaroons_bench [seconds-per-case]
 *
 * Prints one JSON line per case: {"peer":"libmacaroons","case":…,"median_ns":…,"iterations":…}.
 * Timing: CLOCK_MONOTONIC around batches of n operations (n doubled until a batch takes >= 0.2 ms, short
 * enough that most batches run unpreempted on a shared machine), batches
 * repeated for about the given seconds (default 1.5); median_ns is the median over batches of batch time / n,
 * min_ns the fastest batch's.
 */
#include <macaroons.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *ROOT_KEY = "this is the key, 32 bytes long..";
static const char *IDENTIFIER = "we used our secret key";
static const char *LOCATION = "http://example.org/";
static const char *PREDICATES[5] = {"account = 3735928559", "user = alice", "action = read",
                                    "time < 2030-01-01T00:00:00Z", "ip = 10.0.0.1"};
static const char *CAVEAT_KEY = "third-party caveat key, 32 bytes";
static const char *CAVEAT_ID = "user-is-alice";
static const char *CAVEAT_LOCATION = "https://auth.example.org/";

static double seconds_per_case = 1.5;
static volatile uintptr_t sink; /* keeps results alive so the compiler cannot drop the work */

#define U(s) ((const unsigned char *)(s))

static void fail(const char *what, enum macaroon_returncode err) {
    fprintf(stderr, "libmacaroons_bench: %s failed (libmacaroons error %d)\n", what, (int)err);
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef void (*operation)(void);

/* Times `op` as described at the top of the file and prints its JSON line. */
static void measure(const char *name, operation op) {
    for (int i = 0; i < 100; i++) op(); /* warm-up */
    uint64_t n = 1;
    for (;;) {
        uint64_t start = now_ns();
        for (uint64_t i = 0; i < n; i++) op();
        if (now_ns() - start >= 200000u || n >= (1u << 30)) break;
        n *= 2;
    }
    enum { MAX_SAMPLES = 100000 };
    static double samples[MAX_SAMPLES];
    int count = 0;
    uint64_t total = 0, began = now_ns();
    while (count < MAX_SAMPLES && (count < 5 || (double)(now_ns() - began) < seconds_per_case * 1e9)) {
        uint64_t start = now_ns();
        for (uint64_t i = 0; i < n; i++) op();
        samples[count++] = (double)(now_ns() - start) / (double)n;
        total += n;
    }
    qsort(samples, (size_t)count, sizeof samples[0], compare_doubles);
    double median = count % 2 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2;
    printf("{\"peer\": \"libmacaroons\", \"case\": \"%s\", \"median_ns\": %.1f, \"min_ns\": %.1f, \"iterations\": %llu}\n",
           name, median, samples[0], (unsigned long long)total);
    fflush(stdout);
}

static struct macaroon *mint(void) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    struct macaroon *m = macaroon_create(U(LOCATION), strlen(LOCATION), U(ROOT_KEY), strlen(ROOT_KEY), U(IDENTIFIER),
                                         strlen(IDENTIFIER), &err);
    if (!m) fail("macaroon_create", err);
    for (int i = 0; i < 5; i++) {
        struct macaroon *next = macaroon_add_first_party_caveat(m, U(PREDICATES[i]), strlen(PREDICATES[i]), &err);
        if (!next) fail("macaroon_add_first_party_caveat", err);
        macaroon_destroy(m);
        m = next;
    }
    return m;
}

static struct macaroon *minted;          /* the 5-caveat macaroon */
static char *serialized_v1;              /* its V1 serialization */
static size_t serialized_capacity;
static struct macaroon_verifier *verifier; /* satisfies the five predicates exactly */
static struct macaroon *with_third_party; /* minted + a third-party caveat */
static struct macaroon *bound_discharge;  /* its discharge, bound for the request */

static void op_mint(void) {
    struct macaroon *m = mint();
    sink = (uintptr_t)m;
    macaroon_destroy(m);
}

static void op_serialize_v1(void) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    char *buffer = malloc(serialized_capacity); /* as a caller must: the size hint, then a buffer */
    if (!buffer || macaroon_serialize(minted, buffer, serialized_capacity, &err) < 0) fail("macaroon_serialize", err);
    sink = (uintptr_t)buffer[0];
    free(buffer);
}

static void op_deserialize_v1(void) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    struct macaroon *m = macaroon_deserialize(serialized_v1, &err);
    if (!m) fail("macaroon_deserialize", err);
    sink = (uintptr_t)m;
    macaroon_destroy(m);
}

static void op_verify_first_party(void) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    if (macaroon_verify(verifier, minted, U(ROOT_KEY), strlen(ROOT_KEY), NULL, 0, &err) != 0)
        fail("macaroon_verify (5 first-party caveats)", err);
}

static void op_verify_third_party(void) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    struct macaroon *discharges[1] = {bound_discharge};
    if (macaroon_verify(verifier, with_third_party, U(ROOT_KEY), strlen(ROOT_KEY), discharges, 1, &err) != 0)
        fail("macaroon_verify (third-party + discharge)", err);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        char *end = NULL;
        seconds_per_case = strtod(argv[1], &end);
        if (!end || *end || seconds_per_case <= 0) {
            fprintf(stderr, "usage: %s [seconds-per-case > 0]\n", argv[0]);
            return 64;
        }
    }
    enum macaroon_returncode err = MACAROON_SUCCESS;
    minted = mint();
    serialized_capacity = macaroon_serialize_size_hint(minted);
    serialized_v1 = malloc(serialized_capacity);
    if (!serialized_v1 || macaroon_serialize(minted, serialized_v1, serialized_capacity, &err) < 0)
        fail("macaroon_serialize", err);

    verifier = macaroon_verifier_create();
    if (!verifier) fail("macaroon_verifier_create", err);
    for (int i = 0; i < 5; i++)
        if (macaroon_verifier_satisfy_exact(verifier, U(PREDICATES[i]), strlen(PREDICATES[i]), &err) != 0)
            fail("macaroon_verifier_satisfy_exact", err);

    with_third_party = macaroon_add_third_party_caveat(minted, U(CAVEAT_LOCATION), strlen(CAVEAT_LOCATION),
                                                       U(CAVEAT_KEY), strlen(CAVEAT_KEY), U(CAVEAT_ID),
                                                       strlen(CAVEAT_ID), &err);
    if (!with_third_party) fail("macaroon_add_third_party_caveat", err);
    struct macaroon *discharge = macaroon_create(U(CAVEAT_LOCATION), strlen(CAVEAT_LOCATION), U(CAVEAT_KEY),
                                                 strlen(CAVEAT_KEY), U(CAVEAT_ID), strlen(CAVEAT_ID), &err);
    if (!discharge) fail("macaroon_create (discharge)", err);
    bound_discharge = macaroon_prepare_for_request(with_third_party, discharge, &err);
    if (!bound_discharge) fail("macaroon_prepare_for_request", err);

    measure("Macaroon.mint.5-caveats", op_mint);
    measure("Macaroon.serialize.v1", op_serialize_v1);
    measure("Macaroon.deserialize.v1", op_deserialize_v1);
    measure("Macaroon.verify.5-first-party", op_verify_first_party);
    measure("Macaroon.verify.third-party+discharge", op_verify_third_party);
    return 0;
}
