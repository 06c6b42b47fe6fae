/* text.c: streaming reader of delimited text with located errors.  A file
 * that starts with the gzip magic bytes (RFC 1952, 0x1f 0x8b), whatever its
 * name, is inflated by zlib as it is read, member after member as gzip(1)
 * does; no uncompressed copy is written.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_text.h"
#include "pm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define PM_TEXT_CHUNK (1u << 20)
#define PM_TEXT_ZCHUNK (1u << 18) /* compressed bytes read at a time */
#define PM_TEXT_ZMAX (1u << 30)   /* most bytes inflated per call (a uInt) */

struct pm_text {
  char *path;
  int fd;
  char delim;
  pm_text_encoding encoding;
  char *buf;           /* raw bytes read from the file */
  size_t cap, start, end;
  int eof;
  char *conv;          /* a Latin-1 line converted to UTF-8 */
  size_t conv_cap;
  char **field;        /* fields of the current row */
  size_t nfield, field_cap;
  char **column;       /* header names (copies) */
  size_t ncolumn;
  size_t line;
  uint64_t offset, size;
  /* gzip input: gz when the file is gzip; zmember while a member has begun
   * and its trailer is not read; zmembers, the members begun; zbuf, the
   * compressed bytes; zread, those read from the file */
  int gz, zmember, zmembers;
  z_stream z;
  unsigned char *zbuf;
  uint64_t zread;
};

/* read(2) retried on EINTR; *got is 0 at the end of the file. */
static int read_some(pm_text *t, void *dst, size_t n, size_t *got)
{
  ssize_t r;
  do
    r = read(t->fd, dst, n);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return pm_error(PM_EIO, "%s: read error: %s", t->path, strerror(errno));
  *got = (size_t)r;
  return PM_SUCCESS;
}

/* Read the first two bytes; gzip magic (RFC 1952 2.3.1) switches the reader
 * to inflate them and what follows, else they are the first text bytes. */
static int sniff_gzip(pm_text *t)
{
  unsigned char head[2];
  size_t n = 0, got = 1;
  int status;

  while (n < 2 && got > 0) {
    if ((status = read_some(t, head + n, 2 - n, &got))) return status;
    n += got;
  }
  if (n < 2 || head[0] != 0x1f || head[1] != 0x8b) {
    memcpy(t->buf, head, n);
    t->end = n;
    return PM_SUCCESS;
  }
  t->zbuf = malloc(PM_TEXT_ZCHUNK);
  if (!t->zbuf) return pm_error_nomem();
  memcpy(t->zbuf, head, 2);
  t->z.next_in = t->zbuf;
  t->z.avail_in = 2;
  t->zread = 2;
  /* 16 + MAX_WBITS: a gzip wrapper only, any window size */
  switch (inflateInit2(&t->z, 16 + MAX_WBITS)) {
  case Z_OK: break;
  case Z_MEM_ERROR: return pm_error_nomem();
  default:
    return pm_error(PM_EIO, "%s: zlib cannot start inflating: %s", t->path,
                    t->z.msg ? t->z.msg : "version mismatch");
  }
  t->gz = 1;
  return PM_SUCCESS;
}

int pm_text_open(pm_text **out, const char *path, char delim,
                 pm_text_encoding encoding)
{
  struct stat st;
  int status;
  pm_text *t = calloc(1, sizeof *t);

  *out = NULL;
  if (!t) return pm_error_nomem();
  t->fd = open(path, O_RDONLY);
  if (t->fd < 0) {
    free(t);
    return pm_error(PM_EIO, "%s: cannot open: %s", path, strerror(errno));
  }
  if (fstat(t->fd, &st) == 0) t->size = (uint64_t)st.st_size;
  if (S_ISDIR(st.st_mode)) {
    close(t->fd);
    free(t);
    return pm_error(PM_EIO, "%s: is a directory, not a text file", path);
  }
  t->delim = delim;
  t->encoding = encoding;
  /* a small file gets a buffer of its size (it grows for a longer line);
   * two bytes at least, for the magic number */
  t->cap = t->size > 0 && t->size < PM_TEXT_CHUNK ? (size_t)t->size
                                                  : PM_TEXT_CHUNK;
  if (t->cap < 2) t->cap = 2;
  t->path = strdup(path);
  t->buf = malloc(t->cap + 1);
  if (!t->path || !t->buf) {
    pm_text_free(t);
    return pm_error_nomem();
  }
  if ((status = sniff_gzip(t))) {
    pm_text_free(t);
    return status;
  }
  *out = t;
  return PM_SUCCESS;
}

void pm_text_free(pm_text *t)
{
  size_t i;
  if (!t) return;
  if (t->fd >= 0) close(t->fd);
  /* inflateEnd fails only on a stream zlib does not know: nothing to free */
  if (t->gz) (void)inflateEnd(&t->z);
  free(t->zbuf);
  for (i = 0; i < t->ncolumn; i++) free(t->column[i]);
  free(t->column);
  free(t->field);
  free(t->conv);
  free(t->buf);
  free(t->path);
  free(t);
}

/* The line that the gzip data being inflated ends in: the lines handed out,
 * those inflated ahead of them in the buffer, and one. */
static size_t gzip_line(const pm_text *t)
{
  const char *p = t->buf + t->start, *end = (const char *)t->z.next_out;
  size_t line = t->line + 1;
  while ((p = memchr(p, '\n', (size_t)(end - p)))) {
    line++;
    p++;
  }
  return line;
}

/* An error in the gzip data, located at the line it hit. */
static int gzip_error(const pm_text *t, const char *what)
{
  return pm_error(PM_EINPUT, "%s:%zu: corrupt gzip data: %s", t->path,
                  gzip_line(t), what);
}

/* Inflate into dst until it is full or the input ends; *got is 0 at the end of
 * the last member.  Input that ends inside a member (no trailer, RFC 1952
 * 2.3.1) is a truncated file; a bad block or a CRC-32 or length that does not
 * match the trailer is corrupt data.  Data after a member must be another
 * member, as for gzip(1). */
static int inflate_some(pm_text *t, char *dst, size_t n, size_t *got)
{
  size_t more;
  int ret, status;

  if (n > PM_TEXT_ZMAX) n = PM_TEXT_ZMAX;
  t->z.next_out = (unsigned char *)dst;
  t->z.avail_out = (uInt)n;
  while (t->z.avail_out > 0) {
    if (t->z.avail_in == 0) {
      if ((status = read_some(t, t->zbuf, PM_TEXT_ZCHUNK, &more)))
        return status;
      if (more == 0 && t->zmember)
        return pm_error(PM_EINPUT, "%s:%zu: truncated gzip file: it ends "
                        "inside the compressed data, before the gzip trailer",
                        t->path, gzip_line(t));
      if (more == 0) break;
      t->z.next_in = t->zbuf;
      t->z.avail_in = (uInt)more;
      t->zread += more;
    }
    if (!t->zmember && t->zmembers++ > 0 && inflateReset(&t->z) != Z_OK)
      return pm_error(PM_EIO, "%s: zlib cannot start the next gzip member",
                      t->path);
    t->zmember = 1;
    ret = inflate(&t->z, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) t->zmember = 0;
    else if (ret == Z_MEM_ERROR) return pm_error_nomem();
    else if (ret != Z_OK)
      return gzip_error(t, t->z.msg ? t->z.msg : "inflate failed");
  }
  *got = n - t->z.avail_out;
  return PM_SUCCESS;
}

/* Move the unread tail to the front and fill the buffer; grow it when one line
 * does not fit. */
static int refill(pm_text *t)
{
  size_t n, tail = t->end - t->start;
  int status;

  if (t->start > 0) {
    memmove(t->buf, t->buf + t->start, tail);
    t->start = 0;
    t->end = tail;
  }
  if (t->end == t->cap) {
    char *b = realloc(t->buf, 2 * t->cap + 1);
    if (!b) return pm_error_nomem();
    t->buf = b;
    t->cap *= 2;
  }
  status = t->gz ? inflate_some(t, t->buf + t->end, t->cap - t->end, &n)
                 : read_some(t, t->buf + t->end, t->cap - t->end, &n);
  if (status) return status;
  if (n == 0) t->eof = 1;
  t->end += n;
  return PM_SUCCESS;
}

/* Find the next line; *line points into the buffer, NUL-terminated. */
static int next_line(pm_text *t, char **line, size_t *len, int *more)
{
  char *nl;
  int status;

  for (;;) {
    nl = memchr(t->buf + t->start, '\n', t->end - t->start);
    if (nl || t->eof) break;
    if ((status = refill(t))) return status;
  }
  if (!nl && t->start == t->end) {
    *more = 0;
    return PM_SUCCESS;
  }
  if (!nl) nl = t->buf + t->end; /* a last line with no newline */
  *line = t->buf + t->start;
  *len = (size_t)(nl - *line);
  t->offset += *len + (nl < t->buf + t->end);
  t->start = (size_t)(nl - t->buf) + (nl < t->buf + t->end);
  *nl = '\0';
  if (*len > 0 && (*line)[*len - 1] == '\r') (*line)[--*len] = '\0';
  t->line++;
  *more = 1;
  return PM_SUCCESS;
}

/* 1 when a byte of s[0..n) is 0x80 or above: the bytes are or-ed eight at
 * a time, as every line of a large table is checked. */
static int has_high_byte(const char *s, size_t n)
{
  uint64_t word, any = 0;
  size_t i = 0;
  for (; i + sizeof word <= n; i += sizeof word) {
    memcpy(&word, s + i, sizeof word);
    any |= word;
  }
  for (; i < n; i++) any |= (unsigned char)s[i];
  return (any & 0x8080808080808080ull) != 0;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629), 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
  size_t len, i;
  if (s[0] < 0x80) return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4;
  else return 0;
  if (len > n) return 0;
  for (i = 1; i < len; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return len;
}

static int check_utf8(const pm_text *t, const char *line, size_t len)
{
  size_t i = 0, k;
  while (i < len) {
    k = utf8_sequence((const unsigned char *)line + i, len - i);
    if (k == 0)
      return pm_error(PM_EINPUT,
                      "%s:%zu: byte %zu (0x%02X) is not valid UTF-8; save the "
                      "file as UTF-8 text",
                      t->path, t->line, i + 1, (unsigned char)line[i]);
    i += k;
  }
  return PM_SUCCESS;
}

static int latin1_to_utf8(pm_text *t, char **line, size_t *len)
{
  size_t i, j = 0;
  const unsigned char *s = (const unsigned char *)*line;

  if (t->conv_cap < 2 * *len + 1) {
    char *c = realloc(t->conv, 2 * *len + 1);
    if (!c) return pm_error_nomem();
    t->conv = c;
    t->conv_cap = 2 * *len + 1;
  }
  for (i = 0; i < *len; i++) {
    if (s[i] < 0x80) {
      t->conv[j++] = (char)s[i];
    } else {
      t->conv[j++] = (char)(0xC0 | (s[i] >> 6));
      t->conv[j++] = (char)(0x80 | (s[i] & 0x3F));
    }
  }
  t->conv[j] = '\0';
  *line = t->conv;
  *len = j;
  return PM_SUCCESS;
}

static int split(pm_text *t, char *line, size_t len)
{
  char *p = line, *end = line + len, *d;

  t->nfield = 0;
  for (;;) {
    if (t->nfield == t->field_cap) {
      size_t cap = t->field_cap ? 2 * t->field_cap : 64;
      char **f = realloc(t->field, cap * sizeof *f);
      if (!f) return pm_error_nomem();
      t->field = f;
      t->field_cap = cap;
    }
    t->field[t->nfield++] = p;
    d = memchr(p, t->delim, (size_t)(end - p));
    if (!d) break;
    *d = '\0';
    p = d + 1;
  }
  return PM_SUCCESS;
}

int pm_text_next(pm_text *t, int *more)
{
  char *line;
  size_t len;
  int status;

  do {
    if ((status = next_line(t, &line, &len, more))) return status;
    if (!*more) return PM_SUCCESS;
  } while (len == 0);
  if (memchr(line, '\0', len))
    return pm_error(PM_EINPUT,
                    "%s:%zu: the line holds NUL bytes: the file is binary or "
                    "UTF-16; save it as UTF-8 or Latin-1 text",
                    t->path, t->line);
  if (has_high_byte(line, len)) {
    status = t->encoding == PM_TEXT_LATIN1 ? latin1_to_utf8(t, &line, &len)
                                           : check_utf8(t, line, len);
    if (status) return status;
  }
  return split(t, line, len);
}

int pm_text_read_header(pm_text *t)
{
  int more, status;
  size_t i;

  if ((status = pm_text_next(t, &more))) return status;
  if (!more)
    return pm_error(PM_EINPUT, "%s: the file is empty (no header line)",
                    t->path);
  /* A UTF-8 byte-order mark (U+FEFF) is not part of the first name. */
  if (t->encoding == PM_TEXT_UTF8 &&
      strncmp(t->field[0], "\xEF\xBB\xBF", 3) == 0)
    t->field[0] += 3;
  t->column = calloc(t->nfield, sizeof *t->column);
  if (!t->column) return pm_error_nomem();
  for (i = 0; i < t->nfield; i++) {
    t->column[i] = strdup(t->field[i]);
    if (!t->column[i]) return pm_error_nomem();
    t->ncolumn = i + 1;
  }
  return PM_SUCCESS;
}

size_t pm_text_nfields(const pm_text *t) { return t->nfield; }
const char *pm_text_field(const pm_text *t, size_t i)
{
  return i < t->nfield ? t->field[i] : "";
}
size_t pm_text_ncolumns(const pm_text *t) { return t->ncolumn; }
const char *pm_text_column_name(const pm_text *t, size_t i)
{
  return i < t->ncolumn ? t->column[i] : "";
}
const char *pm_text_path(const pm_text *t) { return t->path; }
size_t pm_text_line(const pm_text *t) { return t->line; }
/* Of a gzip file, the compressed bytes inflated so far. */
uint64_t pm_text_offset(const pm_text *t)
{
  return t->gz ? t->zread - t->z.avail_in : t->offset;
}
uint64_t pm_text_size(const pm_text *t) { return t->size; }

/* Header names are compared with surrounding blanks removed ("Latitude "). */
static int same_name(const char *header, const char *name)
{
  size_t n = strlen(name);
  while (*header == ' ') header++;
  if (strncmp(header, name, n) != 0) return 0;
  header += n;
  while (*header == ' ') header++;
  return *header == '\0';
}

size_t pm_text_column_opt(const pm_text *t, const char *name)
{
  size_t i;
  for (i = 0; i < t->ncolumn; i++)
    if (same_name(t->column[i], name)) return i;
  return SIZE_MAX;
}

int pm_text_column(const pm_text *t, const char *name, size_t *col)
{
  *col = pm_text_column_opt(t, name);
  if (*col == SIZE_MAX)
    return pm_error(PM_EINPUT, "%s:1: no column '%s' in the header", t->path,
                    name);
  return PM_SUCCESS;
}

int pm_text_error(const pm_text *t, int status, size_t col, const char *fmt, ...)
{
  char what[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (col == SIZE_MAX)
    return pm_error(status, "%s:%zu: %s", t->path, t->line, what);
  return pm_error(status, "%s:%zu: column %zu '%s': %s", t->path, t->line,
                  col + 1, pm_text_column_name(t, col), what);
}

int pm_text_check_width(const pm_text *t)
{
  if (t->nfield < t->ncolumn)
    return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                         "the row has %zu fields but the header has %zu: "
                         "the row is truncated",
                         t->nfield, t->ncolumn);
  if (t->nfield > t->ncolumn)
    return pm_text_error(t, PM_EINPUT, SIZE_MAX,
                         "the row has %zu fields but the header has %zu",
                         t->nfield, t->ncolumn);
  return PM_SUCCESS;
}

/* A plain decimal ("-12.375") of at most 15 digits, ended by the field's
 * end, a blank or a quote: its digits are an exact integer m (< 2^53) and
 * 10^f (f digits after the point) is exact, so m / 10^f, rounded once, is
 * the correctly rounded value that strtod returns (Clinger 1990, "How to
 * read floating point numbers accurately", PLDI: the fast path).  Returns
 * the end of the number, or NULL for any other text, left to strtod. */
static const char *plain_decimal(const char *s, double *x)
{
  static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,
                                   1e6, 1e7, 1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15};
  int negative = *s == '-', digits = 0, fraction = -1;
  double m = 0;

  if (FLT_EVAL_METHOD != 0) return NULL; /* x87: rounded twice */
  if (*s == '-' || *s == '+') s++;
  for (;; s++) {
    if (*s >= '0' && *s <= '9' && digits < 15) {
      m = 10 * m + (*s - '0');
      digits++;
      if (fraction >= 0) fraction++;
    } else if (*s == '.' && fraction < 0) {
      fraction = 0;
    } else {
      break;
    }
  }
  if (digits == 0 || (*s != '\0' && *s != ' ' && *s != '"')) return NULL;
  *x = fraction > 0 ? m / pow10[fraction] : m;
  if (negative) *x = -*x;
  return s;
}

int pm_text_double_opt(const pm_text *t, size_t col, double *x)
{
  const char *s = pm_text_field(t, col);
  char *end;

  while (*s == ' ' || *s == '"') s++;
  if (*s == '\0') {
    *x = NAN;
    return PM_SUCCESS;
  }
  errno = 0;
  end = (char *)plain_decimal(s, x);
  if (!end) *x = strtod(s, &end);
  while (*end == ' ' || *end == '"') end++;
  if (end == s || *end != '\0' || !isfinite(*x))
    return pm_text_error(t, PM_EINPUT, col, "'%s' is not a number",
                         pm_text_field(t, col));
  return PM_SUCCESS;
}

int pm_text_double(const pm_text *t, size_t col, double *x)
{
  int status = pm_text_double_opt(t, col, x);
  if (status == PM_SUCCESS && isnan(*x))
    return pm_text_error(t, PM_EINPUT, col, "the value is missing");
  return status;
}
