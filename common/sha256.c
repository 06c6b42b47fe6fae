/* sha256.c: the SHA-256 hash function of NIST FIPS 180-4, Secure Hash
 * Standard (2015), computed by OpenSSL's libcrypto (its EVP interface, which
 * uses the CPU's SHA extensions or vector instructions where it has them).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_sha256.h"
#include "pm_error.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes read from a file at a time. */
#define READ_SIZE (1 << 20)

/* The failure of OpenSSL's `what`, recorded with OpenSSL's reason (out of
 * memory as the project says it), and OpenSSL's error queue emptied. */
static int openssl_error(const char *what)
{
  unsigned long e = ERR_get_error();
  char reason[256];
  int status;

  if (e && ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE)
    status = pm_error_nomem();
  else {
    if (e)
      ERR_error_string_n(e, reason, sizeof reason);
    else
      snprintf(reason, sizeof reason, "no reason given");
    status = pm_error(PM_EIO, "SHA-256: %s failed: %s", what, reason);
  }
  ERR_clear_error();
  return status;
}

int pm_sha256_init(pm_sha256 *s)
{
  s->status = PM_SUCCESS;
  if (!(s->ctx = EVP_MD_CTX_new())) return pm_error_nomem();
  if (EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
    pm_sha256_free(s);
    return openssl_error("EVP_DigestInit_ex");
  }
  return PM_SUCCESS;
}

void pm_sha256_update(pm_sha256 *s, const void *data, size_t n)
{
  if (s->status == PM_SUCCESS && n > 0 &&
      EVP_DigestUpdate(s->ctx, data, n) != 1)
    s->status = openssl_error("EVP_DigestUpdate");
}

int pm_sha256_final(pm_sha256 *s, unsigned char digest[PM_SHA256_SIZE])
{
  unsigned int n = 0;
  int status = s->status;

  if (status == PM_SUCCESS &&
      (EVP_DigestFinal_ex(s->ctx, digest, &n) != 1 || n != PM_SHA256_SIZE))
    status = openssl_error("EVP_DigestFinal_ex");
  pm_sha256_free(s);
  return status;
}

void pm_sha256_free(pm_sha256 *s)
{
  EVP_MD_CTX_free(s->ctx);
  s->ctx = NULL;
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
  unsigned char *buf, digest[PM_SHA256_SIZE];
  pm_sha256 s;
  size_t n;
  int status;
  FILE *f = fopen(path, "rb");

  if (!f)
    return pm_error(PM_EIO, "%s: cannot open to compute its SHA-256: %s",
                    path, strerror(errno));
  if (!(buf = malloc(READ_SIZE))) {
    fclose(f);
    return pm_error_prefix(pm_error_nomem(), "%s: computing its SHA-256",
                           path);
  }
  if ((status = pm_sha256_init(&s))) {
    free(buf);
    fclose(f);
    return pm_error_prefix(status, "%s: computing its SHA-256", path);
  }
  while (s.status == PM_SUCCESS && (n = fread(buf, 1, READ_SIZE, f)) > 0)
    pm_sha256_update(&s, buf, n);
  if (ferror(f)) {
    status = pm_error(PM_EIO, "%s: read error while computing its SHA-256: %s",
                      path, strerror(errno));
    pm_sha256_free(&s);
  } else if ((status = pm_sha256_final(&s, digest)))
    pm_error_prefix(status, "%s: computing its SHA-256", path);
  else
    pm_sha256_hex(digest, hex);
  free(buf);
  fclose(f);
  return status;
}
