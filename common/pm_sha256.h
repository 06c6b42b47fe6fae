/* pm_sha256.h: SHA-256 message digests (FIPS 180-4) of memory and of files,
 * written into every output to identify its inputs.  OpenSSL's libcrypto
 * computes them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SHA256_H
#define PM_SHA256_H

#include <stddef.h>

#define PM_SHA256_SIZE 32 /* bytes in a digest */
#define PM_SHA256_HEX 65  /* characters of its hex text, with the NUL */

typedef struct {
  struct evp_md_ctx_st *ctx; /* OpenSSL's EVP_MD_CTX; NULL when none */
  int status;                /* the first failure of an update */
} pm_sha256;

/* Start a digest.  Fails (PM_EIO) when OpenSSL cannot allocate or set up
 * its context; `s` then holds nothing to free. */
int pm_sha256_init(pm_sha256 *s);

/* Add n bytes.  A failure is recorded (pm_error) when it happens and
 * returned by pm_sha256_final; later updates do nothing. */
void pm_sha256_update(pm_sha256 *s, const void *data, size_t n);

/* Write the digest and free the context.  Returns the failure of an update
 * or of finishing. */
int pm_sha256_final(pm_sha256 *s, unsigned char digest[PM_SHA256_SIZE]);

/* Free a digest left unfinished (after pm_sha256_final it does nothing). */
void pm_sha256_free(pm_sha256 *s);

/* The digest as 64 lower-case hex digits (as sha256sum prints it). */
void pm_sha256_hex(const unsigned char digest[PM_SHA256_SIZE],
                   char hex[PM_SHA256_HEX]);

/* The hex digest of a whole file; an error names the file. */
int pm_sha256_file(const char *path, char hex[PM_SHA256_HEX]);

#endif
