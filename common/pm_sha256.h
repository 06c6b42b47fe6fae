/* pm_sha256.h: SHA-256 message digests (FIPS 180-4) of memory and of files,
 * written into every output to identify its inputs.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SHA256_H
#define PM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define PM_SHA256_SIZE 32 /* bytes in a digest */
#define PM_SHA256_HEX 65  /* characters of its hex text, with the NUL */

typedef struct {
  uint32_t h[8];       /* hash value H(i) */
  uint64_t length;     /* message bytes so far */
  unsigned char block[64];
  size_t used;         /* bytes waiting in block */
} pm_sha256;

void pm_sha256_init(pm_sha256 *s);
void pm_sha256_update(pm_sha256 *s, const void *data, size_t n);
void pm_sha256_final(pm_sha256 *s, unsigned char digest[PM_SHA256_SIZE]);

/* The digest as 64 lower-case hex digits (as sha256sum prints it). */
void pm_sha256_hex(const unsigned char digest[PM_SHA256_SIZE],
                   char hex[PM_SHA256_HEX]);

/* The hex digest of a whole file; an error names the file. */
int pm_sha256_file(const char *path, char hex[PM_SHA256_HEX]);

#endif
