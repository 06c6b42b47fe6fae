/* test_text.c: the delimited-text reader on real EcoPart files and on bad
 * input.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_test.h"
#include "pm_text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATS_PAR \
  "data/ecopart_detailed/BATSOFP/" \
  "export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"

static char tmpdir[] = "/tmp/pm-test-text.XXXXXX";

/* Write `len` bytes to a file in the temporary folder; return its path. */
static const char *write_file(const char *name, const char *bytes, size_t len)
{
  static char path[4][256];
  static int next;
  char *p = path[next++ % 4];
  FILE *f;
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  if (!bytes) return p; /* a path that does not exist */
  f = fopen(p, "wb");
  fwrite(bytes, 1, len, f);
  fclose(f);
  return p;
}

static void test_real_latin1_header(void)
{
  pm_text *t;
  size_t col, rows = 0;
  int more = 1, status;
  double depth = 0, volume = 0;

  status = pm_text_open(&t, pm_test_path(BATS_PAR), '\t', PM_TEXT_LATIN1);
  pm_test_ok(status == PM_SUCCESS, "open a real EcoPart export");
  if (status) return;
  pm_test_ok(pm_text_read_header(t) == PM_SUCCESS, "read its header");
  /* The 0xB5 of the Latin-1 file arrives as UTF-8 "\xC2\xB5". */
  pm_test_ok(pm_text_column(t, "LPM (1-1.26 \xC2\xB5m) [# l-1]", &col) ==
                     PM_SUCCESS && col == 5,
             "Latin-1 micro sign read as UTF-8 (column 6)");
  pm_test_ok(pm_text_column(t, "Sampled volume [L]", &col) == PM_SUCCESS &&
                 col == 4,
             "column 'Sampled volume [L]' is the fifth");
  /* awk -F'\t' 'NR==3{print $4, $5}': 7.5 178.2 */
  pm_text_next(t, &more);
  pm_text_next(t, &more);
  pm_text_double(t, 3, &depth);
  pm_text_double(t, 4, &volume);
  pm_test_rel(depth, 7.5, 0, "second data row depth 7.5 m");
  pm_test_rel(volume, 178.2, 0, "second data row volume 178.2 L");
  rows = 2;
  while (pm_text_next(t, &more) == PM_SUCCESS && more) rows++;
  /* wc -l: 244 lines = header + 243 rows */
  pm_test_ok(rows == 243, "243 data rows (got %zu)", rows);
  pm_test_ok(pm_text_offset(t) == pm_text_size(t), "whole file consumed");
  pm_text_free(t);
}

/* A file of these bytes (NULL: no file) fails with the status `want` and a
 * message holding `fragment`. */
static void test_status(const char *name, const char *bytes, size_t len,
                        pm_text_encoding enc, int want, const char *fragment)
{
  pm_text *t;
  int more, status;
  double x;
  const char *path = write_file(name, bytes, len);

  status = pm_text_open(&t, path, '\t', enc);
  if (status == PM_SUCCESS) status = pm_text_read_header(t);
  while (status == PM_SUCCESS && (status = pm_text_next(t, &more)) == 0 &&
         more) {
    status = pm_text_check_width(t);
    if (!status) status = pm_text_double(t, 1, &x);
  }
  pm_test_error(status, want, pm_error_message(), fragment, "%s", name);
  pm_text_free(t);
}

/* Contents that are wrong: bad input. */
static void test_bad(const char *name, const char *bytes, size_t len,
                     pm_text_encoding enc, const char *fragment)
{
  test_status(name, bytes, len, enc, PM_EINPUT, fragment);
}

static void test_bad_inputs(void)
{
  static const char utf16[] = "\xff\xfeP\0r\0o\0f\0\n\0";
  test_bad("empty file", "", 0, PM_TEXT_UTF8, "is empty");
  test_bad("truncated row", "a\tb\tc\n1\t2\t3\n4\t5\n", 17, PM_TEXT_UTF8,
           ":3: the row has 2 fields but the header has 3");
  test_bad("UTF-16 file", utf16, sizeof utf16 - 1, PM_TEXT_UTF8, "UTF-16");
  test_bad("Latin-1 in a UTF-8 file", "a\tb\n\xb5\t1\n", 8, PM_TEXT_UTF8,
           ":2: byte 1 (0xB5) is not valid UTF-8");
  test_bad("non-numeric value", "a\tvolume\nx\t12,5\n", 16, PM_TEXT_UTF8,
           ":2: column 2 'volume': '12,5' is not a number");
  test_bad("missing value", "a\tvolume\nx\t\n", 12, PM_TEXT_UTF8,
           ":2: column 2 'volume': the value is missing");
  /* a file that cannot be opened is an input/output error */
  test_status("unreadable file", NULL, 0, PM_TEXT_UTF8, PM_EIO,
              "cannot open");
}

static void test_no_final_newline_and_crlf(void)
{
  pm_text *t;
  int more;
  double x = 0;
  const char *path = write_file("crlf", "a\tb\r\n1\t2.5\r\n3\t4", 15);

  pm_text_open(&t, path, '\t', PM_TEXT_UTF8);
  pm_text_read_header(t);
  pm_text_next(t, &more);
  pm_test_ok(pm_text_double(t, 1, &x) == 0 && x == 2.5,
             "CR before LF is removed");
  pm_text_next(t, &more);
  pm_test_ok(more && pm_text_double(t, 1, &x) == 0 && x == 4,
             "a last line without newline is read");
  pm_text_next(t, &more);
  pm_test_ok(!more && pm_text_line(t) == 3, "end of file after line 3");
  pm_text_free(t);
}

static void test_byte_order_mark(void)
{
  pm_text *t;
  size_t col = 99;
  const char *path = write_file("bom", "\xEF\xBB\xBFsample_id\tx\n", 15);

  pm_text_open(&t, path, '\t', PM_TEXT_UTF8);
  pm_text_read_header(t);
  pm_test_ok(pm_text_column(t, "sample_id", &col) == 0 && col == 0,
             "a UTF-8 byte-order mark is not part of the first column name");
  pm_text_free(t);
}

/* Decimals read as strtod reads them, to the bit: the common plain ones
 * (read without strtod), their edge cases, and the forms left to strtod. */
static void test_numbers(void)
{
  static const char *const fixed[] = {
      "0.1", "-0", "-0.0", "+2.5", "1.", ".5", "-.5", "2.675", "479.4",
      "123456789012345", "1234567890123456", "0.000000000000001",
      "9007199254740993", "0.30000000000000004", "1e3", "-2.5E-3",
      "\"3.5\"", " 7.25 ", "0x1p3", "inf"};
  static const double scale[] = {1e-3, 1e-2, 1e-1, 1, 1e1,
                                 1e2,  1e3,  1e4,  1e5, 1e6};
  char text[64 * 1024], *p = text;
  size_t i, n = sizeof fixed / sizeof *fixed, bad = 0, rows = 0;
  pm_text *t;
  int more;

  p += sprintf(p, "x\n");
  for (i = 0; i < n; i++) p += sprintf(p, "%s\n", fixed[i]);
  for (i = 0; i < 2000; i++) /* 0 to 10 decimals, 1e-3 to 1e6 */
    p += sprintf(p, "%.*f\n", (int)(i % 11),
                 (rand() - RAND_MAX / 2) * scale[i % 10] / RAND_MAX);
  pm_text_open(&t, write_file("numbers", text, (size_t)(p - text)), '\t',
               PM_TEXT_UTF8);
  pm_text_read_header(t);
  while (pm_text_next(t, &more) == 0 && more) {
    const char *s = pm_text_field(t, 0);
    double x, want;
    while (*s == ' ' || *s == '"') s++;
    want = strtod(s, NULL);
    rows++;
    if (pm_text_double_opt(t, 0, &x) != PM_SUCCESS) {
      bad += isfinite(want); /* "inf" is no number here */
      pm_error_clear();
    } else if (memcmp(&x, &want, sizeof x) != 0) {
      printf("# '%s': %.17g, strtod %.17g\n", pm_text_field(t, 0), x, want);
      bad++;
    }
  }
  pm_test_ok(rows == n + 2000 && bad == 0,
             "%zu numbers read as strtod reads them (%zu differ)", rows, bad);
  pm_text_free(t);
}

int main(void)
{
  if (!mkdtemp(tmpdir)) return 99;
  test_real_latin1_header();
  test_bad_inputs();
  test_no_final_newline_and_crlf();
  test_byte_order_mark();
  test_numbers();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return pm_test_done();
}
