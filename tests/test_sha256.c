/* test_sha256.c: SHA-256 against the FIPS 180-4 examples (NIST CSRC "Examples
 * with intermediate values") and against sha256sum on files.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_sha256.h"
#include "pm_test.h"

#include <unistd.h>

/* The digest of n bytes, or "" when it fails. */
static void hex_of(const void *data, size_t n, char hex[PM_SHA256_HEX])
{
  unsigned char d[PM_SHA256_SIZE];
  pm_sha256 s;
  hex[0] = '\0';
  if (pm_sha256_init(&s)) return;
  pm_sha256_update(&s, data, n);
  if (pm_sha256_final(&s, d) == PM_SUCCESS) pm_sha256_hex(d, hex);
}

static void check(const char *msg, const char *expected, const char *what)
{
  char hex[PM_SHA256_HEX];
  hex_of(msg, strlen(msg), hex);
  if (!pm_test_ok(strcmp(hex, expected) == 0, "%s", what))
    printf("# got %s\n# expected %s\n", hex, expected);
}

static void test_vectors(void)
{
  char hex[PM_SHA256_HEX], *million = malloc(1000000);
  pm_sha256 s;
  unsigned char d[PM_SHA256_SIZE];
  size_t i;

  check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "\"abc\" (one block)");
  check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "the empty message");
  check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "the 448-bit message (two blocks)");
  if (!million) return;
  memset(million, 'a', 1000000);
  hex_of(million, 1000000, hex);
  pm_test_ok(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
             "one million 'a'");
  /* The same message fed in uneven pieces, some of them empty. */
  hex[0] = '\0';
  if (pm_test_ok(pm_sha256_init(&s) == PM_SUCCESS, "start a digest")) {
    for (i = 0; i < 1000000; i += 997) {
      pm_sha256_update(&s, million + i, i + 997 < 1000000 ? 997 : 1000000 - i);
      pm_sha256_update(&s, million, 0);
    }
    if (pm_test_ok(pm_sha256_final(&s, d) == PM_SUCCESS && !s.ctx,
                   "finish it (its context freed)"))
      pm_sha256_hex(d, hex);
    pm_sha256_free(&s); /* nothing left to free */
  }
  pm_test_ok(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
             "one million 'a' in pieces of 997 bytes");
  /* A digest left unfinished is freed (valgrind sees a leak otherwise). */
  if (pm_test_ok(pm_sha256_init(&s) == PM_SUCCESS, "start another")) {
    pm_sha256_update(&s, million, 1000);
    pm_sha256_free(&s);
    pm_test_ok(!s.ctx, "free an unfinished digest");
  }
  free(million);
}

/* Files of lengths around the padding boundaries, against sha256sum. */
static void test_files(void)
{
  /* ... and around the 1 MiB reads of pm_sha256_file */
  size_t lengths[] = {0, 55, 56, 63, 64, 65, 119, 120, 70001, 1048575,
                      1048576, 1048577, 2621443}, k, i;
  char path[] = "/tmp/pm-sha256-XXXXXX", cmd[128], want[PM_SHA256_HEX + 8],
       hex[PM_SHA256_HEX];
  int fd = mkstemp(path);

  if (!pm_test_ok(fd >= 0, "temporary file")) return;
  close(fd);
  for (k = 0; k < sizeof lengths / sizeof *lengths; k++) {
    FILE *f = fopen(path, "wb"), *p;
    for (i = 0; i < lengths[k]; i++) fputc((int)((i * 131 + 7) % 256), f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    p = popen(cmd, "r");
    want[0] = '\0';
    if (!p || !fgets(want, sizeof want, p)) want[0] = '\0';
    if (p) pclose(p);
    want[64] = '\0';
    pm_test_ok(pm_sha256_file(path, hex) == PM_SUCCESS && strcmp(hex, want) == 0,
               "file of %zu bytes as sha256sum", lengths[k]);
  }
  /* A file of the million 'a' of FIPS 180-4. */
  {
    FILE *f = fopen(path, "wb");
    for (i = 0; i < 1000000; i++) fputc('a', f);
    fclose(f);
    pm_test_ok(pm_sha256_file(path, hex) == PM_SUCCESS &&
                   strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
               "file of one million 'a'");
  }
  unlink(path);
  pm_test_error(pm_sha256_file("/nonexistent/input.tsv", hex), PM_EIO,
                pm_error_message(), "/nonexistent/input.tsv: cannot open",
                "missing file");
  /* A folder opens but cannot be read. */
  pm_test_error(pm_sha256_file("/tmp", hex), PM_EIO, pm_error_message(),
                "/tmp: read error", "a folder");
}

int main(void)
{
  test_vectors();
  test_files();
  return pm_test_done();
}
