/* test_gzip.c: the delimited-text reader on gzip-compressed files (RFC 1952):
 * the same rows as the plain file, whatever the name, across members; a
 * truncated or corrupt file is an error naming the file and a line.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_test.h"
#include "pm_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define BATS_PAR \
  "data/ecopart_detailed/BATSOFP/" \
  "export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"
#define ROWS 60000 /* about 2 MB of text: more than the reader's buffer */

static char tmpdir[] = "/tmp/pm-test-gzip.XXXXXX";

static const char *tmp_path(const char *name)
{
  static char path[4][256];
  static int next;
  char *p = path[next++ % 4];
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  return p;
}

/* The whole file in memory (*len bytes, and room for 16 more); NULL when it
 * cannot be read. */
static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *b = NULL;
  long n;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 16)) &&
      fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  if (f) fclose(f);
  if (b) *len = (size_t)n;
  return b;
}

static void spit(const char *path, const char *bytes, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(bytes, 1, len, f) != len) printf("Bail out! %s\n", path);
  if (f) fclose(f);
}

/* Compress `len` bytes into a gzip file; mode "wb" starts the file, "ab"
 * appends a member.  With `flush_at` < len a full flush ends a deflate block
 * there, and *flush_offset is the compressed offset of the next block. */
static void gz_write(const char *path, const char *mode, const char *bytes,
                     size_t len, size_t flush_at, long *flush_offset)
{
  gzFile gz = gzopen(path, mode);
  int ok = gz != NULL;
  if (ok && flush_at < len) {
    ok = gzwrite(gz, bytes, (unsigned)flush_at) == (int)flush_at &&
         gzflush(gz, Z_FULL_FLUSH) == Z_OK;
    *flush_offset = gzoffset(gz);
    bytes += flush_at;
    len -= flush_at;
  }
  if (ok && len > 0) ok = gzwrite(gz, bytes, (unsigned)len) == (int)len;
  if (gz && gzclose(gz) != Z_OK) ok = 0;
  if (!ok) printf("Bail out! cannot write %s\n", path);
}

/* A table of ROWS rows, written plain; its text in *text. */
static char *make_table(size_t *len)
{
  size_t cap = 64 * (size_t)ROWS, n, i;
  char *s = malloc(cap);
  if (!s) return NULL;
  n = (size_t)snprintf(s, cap, "sample\tdepth\tclass\tcount\n");
  for (i = 0; i < ROWS; i++)
    n += (size_t)snprintf(s + n, cap - n, "s%zu\t%.1f\tclass_%zu\t%zu\n",
                          i / 40, (double)(i % 40) * 5, i % 17, i * 7 % 101);
  *len = n;
  return s;
}

/* Read two files row by row; 1 when every field is the same and both end
 * together, the gzip one having consumed its whole file. */
static int same_rows(const char *a, const char *b, pm_text_encoding enc,
                     size_t *rows)
{
  pm_text *ta = NULL, *tb = NULL;
  int ma = 1, mb = 1, same;
  size_t i;

  same = pm_text_open(&ta, a, '\t', enc) == 0 &&
         pm_text_open(&tb, b, '\t', enc) == 0;
  for (*rows = 0; same && ma && mb; (*rows)++) {
    same = pm_text_next(ta, &ma) == 0 && pm_text_next(tb, &mb) == 0 &&
           ma == mb && pm_text_nfields(ta) == pm_text_nfields(tb);
    for (i = 0; same && ma && i < pm_text_nfields(ta); i++)
      same = strcmp(pm_text_field(ta, i), pm_text_field(tb, i)) == 0;
  }
  same = same && pm_text_offset(tb) == pm_text_size(tb) &&
         pm_text_line(ta) == pm_text_line(tb);
  pm_text_free(ta);
  pm_text_free(tb);
  (*rows)--;
  return same;
}

static void test_same_as_plain(const char *text, size_t len)
{
  const char *plain = tmp_path("table.tsv"), *gz = tmp_path("table.tsv.gz");
  const char *hidden = tmp_path("table_compressed.tsv");
  size_t rows = 0, blen = 0;
  char *bats;

  spit(plain, text, len);
  gz_write(gz, "wb", text, len, len, NULL);
  pm_test_ok(same_rows(plain, gz, PM_TEXT_UTF8, &rows) && rows == ROWS + 1,
             "a .gz table reads as the plain one, field by field");
  gz_write(hidden, "wb", text, len, len, NULL);
  pm_test_ok(same_rows(plain, hidden, PM_TEXT_UTF8, &rows) && rows == ROWS + 1,
             "gzip is recognised by its magic bytes in a file named .tsv");
  bats = slurp(pm_test_path(BATS_PAR), &blen);
  pm_test_ok(bats != NULL, "read %s", BATS_PAR);
  if (!bats) return;
  gz_write(gz, "wb", bats, blen, blen, NULL);
  pm_test_ok(same_rows(pm_test_path(BATS_PAR), gz, PM_TEXT_LATIN1, &rows) &&
                 rows == 244,
             "a real Latin-1 EcoPart export, gzipped, reads the same");
  free(bats);
}

/* gzip(1) reads a file of several members as their concatenation. */
static void test_members(const char *text, size_t len)
{
  const char *plain = tmp_path("table.tsv"), *gz = tmp_path("members.gz");
  size_t half = len / 2, rows = 0;

  half = (size_t)((const char *)memchr(text + half, '\n', len - half) - text);
  gz_write(gz, "wb", text, half, half, NULL);
  gz_write(gz, "ab", text + half, len - half, len, NULL); /* a second member */
  pm_test_ok(same_rows(plain, gz, PM_TEXT_UTF8, &rows) && rows == ROWS + 1,
             "two concatenated gzip members read as one table");
  gz_write(gz, "wb", text, 30, 30, NULL); /* a member ending inside a line */
  gz_write(gz, "ab", text + 30, len - 30, len, NULL);
  pm_test_ok(same_rows(plain, gz, PM_TEXT_UTF8, &rows) && rows == ROWS + 1,
             "a line split across two members");
}

static void test_empty(void)
{
  const char *gz = tmp_path("empty.tsv.gz");
  pm_text *t;
  int more = 1;

  gz_write(gz, "wb", "", 0, 0, NULL);
  pm_test_ok(pm_text_open(&t, gz, '\t', PM_TEXT_UTF8) == 0 &&
                 pm_text_next(t, &more) == 0 && !more &&
                 pm_text_offset(t) == pm_text_size(t) &&
                 pm_text_size(t) == 20,
             "an empty gzip file (20 bytes) has no rows");
  pm_text_free(t);
  pm_test_ok(pm_text_open(&t, gz, '\t', PM_TEXT_UTF8) == 0, "open it again");
  pm_test_error(pm_text_read_header(t), PM_EINPUT, pm_error_message(),
                "empty.tsv.gz: the file is empty",
                "an empty gzip file has no header");
  pm_text_free(t);
}

/* Read `path` to its end: an input error whose message holds `frag1`, and
 * `frag2` (the file and the line). */
static void test_fails(const char *path, const char *frag1, const char *frag2,
                       const char *what)
{
  pm_text *t = NULL;
  int more = 1, status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8);

  while (status == 0 && more) status = pm_text_next(t, &more);
  pm_test_error(status, PM_EINPUT, pm_error_message(), frag1, "%s", what);
  pm_test_ok(status && strstr(pm_error_message(), frag2),
             "%s: the message names the file and the line (%s)", what, frag2);
  pm_text_free(t);
}

static void test_truncated(const char *text, size_t len)
{
  const char *gz = tmp_path("table.tsv.gz"), *cut = tmp_path("cut.tsv.gz");
  char *bytes, where[64];
  size_t n = 0;

  gz_write(gz, "wb", text, len, len, NULL);
  if (!(bytes = slurp(gz, &n))) return;
  spit(cut, bytes, n - 4); /* the trailer's length is cut */
  snprintf(where, sizeof where, "cut.tsv.gz:%d: truncated gzip file", ROWS + 2);
  test_fails(cut, "truncated gzip file", where, "the last 4 bytes cut");
  spit(cut, bytes, n / 2);
  test_fails(cut, "truncated gzip file", "cut.tsv.gz:", "half the file cut");
  spit(cut, bytes, 2);
  test_fails(cut, "truncated gzip file", "cut.tsv.gz:1:",
             "only the magic bytes");
  free(bytes);
}

static void test_corrupt(const char *text, size_t len)
{
  const char *gz = tmp_path("bad.tsv.gz");
  const char *p = memchr(text + len / 2, '\n', len / 2) + 1, *q;
  char *bytes, head, where[64];
  size_t n = 0, line = 1;
  long block = 0;

  for (q = text; (q = memchr(q, '\n', (size_t)(p - q))); q++) line++;
  gz_write(gz, "wb", text, len, (size_t)(p - text), &block);
  if (!(bytes = slurp(gz, &n))) return;
  head = bytes[block];
  bytes[block] |= 0x06; /* BTYPE 11, reserved (RFC 1951 3.2.3) */
  spit(gz, bytes, n);
  snprintf(where, sizeof where, "bad.tsv.gz:%zu: corrupt", line);
  test_fails(gz, "corrupt gzip data: invalid block type", where,
             "a block of the reserved type in mid-file");
  bytes[block] = head;
  bytes[n - 8] ^= 0x01; /* the CRC-32 of the trailer (RFC 1952 2.3.1) */
  spit(gz, bytes, n);
  snprintf(where, sizeof where, "bad.tsv.gz:%d: corrupt", ROWS + 2);
  test_fails(gz, "corrupt gzip data: incorrect data check", where,
             "a CRC-32 that does not match");
  bytes[n - 8] ^= 0x01;
  memcpy(bytes + n, "junk", 4); /* slurp left room for it */
  spit(gz, bytes, n + 4);
  test_fails(gz, "corrupt gzip data: incorrect header check", where,
             "bytes after the last member that start no member");
  free(bytes);
}

int main(void)
{
  size_t len = 0;
  char *text;

  if (!mkdtemp(tmpdir) || !(text = make_table(&len))) return 99;
  test_same_as_plain(text, len);
  test_members(text, len);
  test_empty();
  test_truncated(text, len);
  test_corrupt(text, len);
  free(text);
  if (pm_test_remove_dir(tmpdir)) return 99;
  return pm_test_done();
}
