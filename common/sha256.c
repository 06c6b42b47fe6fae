/* sha256.c: the SHA-256 hash function, as specified in NIST FIPS 180-4,
 * Secure Hash Standard (2015), sections 4.1.2, 4.2.2, 5.1.1, 5.3.3 and 6.2.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_sha256.h"
#include "pm_error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. */
static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* Section 3.2 ROTR and the functions of section 4.1.2. */
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

void pm_sha256_init(pm_sha256 *s)
{
  /* Section 5.3.3: the initial hash value H(0). */
  static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                 0xa54ff53a, 0x510e527f, 0x9b05688c,
                                 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, h0, sizeof h0);
  s->length = 0;
  s->used = 0;
}

/* Section 6.2.2: process one 512-bit block. */
static void compress(uint32_t h[8], const unsigned char *m)
{
  uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
  int t;

  for (t = 0; t < 16; t++)
    w[t] = (uint32_t)m[4 * t] << 24 | (uint32_t)m[4 * t + 1] << 16 |
           (uint32_t)m[4 * t + 2] << 8 | (uint32_t)m[4 * t + 3];
  for (t = 16; t < 64; t++)
    w[t] = SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) + w[t - 16];
  a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6],
  hh = h[7];
  for (t = 0; t < 64; t++) {
    t1 = hh + BSIG1(e) + CH(e, f, g) + K[t] + w[t];
    t2 = BSIG0(a) + MAJ(a, b, c);
    hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g,
  h[7] += hh;
}

void pm_sha256_update(pm_sha256 *s, const void *data, size_t n)
{
  const unsigned char *p = data;

  s->length += n;
  while (n > 0) {
    size_t take = 64 - s->used < n ? 64 - s->used : n;
    memcpy(s->block + s->used, p, take);
    s->used += take;
    p += take;
    n -= take;
    if (s->used == 64) {
      compress(s->h, s->block);
      s->used = 0;
    }
  }
}

void pm_sha256_final(pm_sha256 *s, unsigned char digest[PM_SHA256_SIZE])
{
  /* Section 5.1.1: append the bit 1, zeros up to 448 mod 512 bits, and the
   * message length in bits as a 64-bit big-endian integer. */
  uint64_t bits = s->length * 8;
  int i;

  s->block[s->used++] = 0x80;
  if (s->used > 56) {
    memset(s->block + s->used, 0, 64 - s->used);
    compress(s->h, s->block);
    s->used = 0;
  }
  memset(s->block + s->used, 0, 56 - s->used);
  for (i = 0; i < 8; i++) s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
  compress(s->h, s->block);
  for (i = 0; i < 32; i++)
    digest[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void pm_sha256_hex(const unsigned char digest[PM_SHA256_SIZE],
                   char hex[PM_SHA256_HEX])
{
  static const char digits[] = "0123456789abcdef";
  int i;
  for (i = 0; i < PM_SHA256_SIZE; i++) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 15];
  }
  hex[2 * PM_SHA256_SIZE] = '\0';
}

int pm_sha256_file(const char *path, char hex[PM_SHA256_HEX])
{
  unsigned char buf[65536], digest[PM_SHA256_SIZE];
  pm_sha256 s;
  size_t n;
  int status = PM_SUCCESS;
  FILE *f = fopen(path, "rb");

  if (!f)
    return pm_error(PM_EIO, "%s: cannot open to compute its SHA-256: %s",
                    path, strerror(errno));
  pm_sha256_init(&s);
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) pm_sha256_update(&s, buf, n);
  if (ferror(f))
    status = pm_error(PM_EIO, "%s: read error while computing its SHA-256: %s",
                      path, strerror(errno));
  fclose(f);
  if (status) return status;
  pm_sha256_final(&s, digest);
  pm_sha256_hex(digest, hex);
  return PM_SUCCESS;
}
