/* pm_text.h: a fast reader of delimited text files (TSV, CSV) that knows
 * where it is, so that every error names the file, the line and the column.
 *
 * The reader streams the file through one buffer: memory does not grow with
 * the file.  A row's fields are NUL-terminated strings that stay valid until
 * the next call of pm_text_next().  Text is handed out as UTF-8: a Latin-1 file
 * is converted line by line, a UTF-8 file is validated.  A file holding NUL
 * bytes (UTF-16, binary) is rejected.  A gzip-compressed file (RFC 1952),
 * known by its first bytes whatever its name, is decompressed as it is read;
 * a truncated or corrupt one is an error naming the file and the line.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_TEXT_H
#define PM_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef enum { PM_TEXT_UTF8, PM_TEXT_LATIN1 } pm_text_encoding;

typedef struct pm_text pm_text;

/* Open `path`; `delim` is the field separator ('\t' or ','). */
int pm_text_open(pm_text **t, const char *path, char delim,
                 pm_text_encoding encoding);
void pm_text_free(pm_text *t);

/* Read the next non-empty row.  Sets *more to 1 when a row was read and to 0
 * at the end of the file. */
int pm_text_next(pm_text *t, int *more);

/* Read the next row as the header: its fields become the column names used by
 * pm_text_column() and by the error messages.  An empty file is an error. */
int pm_text_read_header(pm_text *t);

size_t pm_text_nfields(const pm_text *t);
const char *pm_text_field(const pm_text *t, size_t i);
size_t pm_text_ncolumns(const pm_text *t);
const char *pm_text_column_name(const pm_text *t, size_t i);
const char *pm_text_path(const pm_text *t);
size_t pm_text_line(const pm_text *t);
/* Bytes consumed so far and the file's size (for progress reports); of a
 * gzip file, compressed bytes. */
uint64_t pm_text_offset(const pm_text *t);
uint64_t pm_text_size(const pm_text *t);

/* The index of the header column named `name`; an error naming the file and
 * the column when there is none. */
int pm_text_column(const pm_text *t, const char *name, size_t *col);
/* The same, but *col = SIZE_MAX and success when the column is absent. */
size_t pm_text_column_opt(const pm_text *t, const char *name);

/* The current row must have as many fields as the header. */
int pm_text_check_width(const pm_text *t);

/* Field `col` of the current row as a number; an empty field or text that is
 * not a number is an error naming file, line and column. */
int pm_text_double(const pm_text *t, size_t col, double *x);
/* The same, but an empty field gives NAN. */
int pm_text_double_opt(const pm_text *t, size_t col, double *x);

/* An error message located at the current row and column `col` (SIZE_MAX for
 * the row as a whole): "path:line: column 'name': <message>". */
int pm_text_error(const pm_text *t, int status, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
