/* test_frame.c: data tables read from CSV files: numbers, text levels,
 * missing values, line numbers, columns given up and the error for a
 * misspelt column.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_frame.h"
#include "pm_test.h"

#include <unistd.h>

static char tmpdir[256];

static const char *write_file(const char *name, const char *text)
{
  return pm_test_write_file(tmpdir, name, text);
}

static void profiles(void)
{
  const char *names[] = {"temp", "profile_id", "volume_m3", "temp", "month"};
  const pm_column *c;
  pm_frame *f = NULL;
  int status = pm_frame_read_csv(
      &f, pm_test_path("tests/data/model/reference/profiles.csv"), names, 5);

  if (!pm_test_ok(status == PM_SUCCESS, "profiles.csv read %s",
                  pm_error_message()))
    return;
  pm_test_ok(pm_frame_nrows(f) == 12000, "12000 rows (%zu)",
             pm_frame_nrows(f));
  status = pm_frame_column(f, "temp", &c);
  pm_test_ok(status == PM_SUCCESS && c->x && c->x[0] == 23.038 &&
                 c->x[11999] == 3.02,
             "temp: row 1 23.038, last row 3.02");
  pm_frame_column(f, "volume_m3", &c);
  pm_test_ok(c->x[0] == 0.8864 && c->x[11999] == 0.1807,
             "volume_m3: 0.8864 ... 0.1807");
  pm_frame_column(f, "profile_id", &c);
  pm_test_ok(c->x == NULL && c->nlevels == 300 &&
                 !strcmp(c->levels[0], "P00001") &&
                 !strcmp(c->levels[299], "P00300"),
             "profile_id: text, 300 levels P00001 ... P00300");
  pm_test_ok(c->level[0] == 0 && c->level[39] == 0 && c->level[40] == 1 &&
                 c->level[11999] == 299,
             "profile_id level indices per row");
  pm_frame_column(f, "month", &c);
  pm_test_ok(c->x != NULL && c->x[0] == 8, "month numeric, row 1 is 8");
  pm_test_ok(pm_frame_line(f, 0) == 2 && pm_frame_line(f, 11999) == 12001,
             "row 1 is on line 2, row 12000 on line 12001");
  status = pm_frame_column(f, "oxy", &c);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "'oxy' was not read",
                "a column not asked for");
  pm_frame_free(f);
}

static void misspelt(void)
{
  const char *names[] = {"tmep"};
  pm_frame *f = NULL;
  int status = pm_frame_read_csv(
      &f, pm_test_path("tests/data/model/reference/profiles.csv"), names, 1);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "profiles.csv:1: no column 'tmep' in the header; did you mean "
                "'temp'?",
                "a misspelt column: the nearest name is suggested");
  pm_test_ok(f == NULL, "no frame on error");
}

static void text_and_missing(void)
{
  const char *path = write_file(
      "mixed.csv", "site,x,code,y\n"
                   "BATS,1.5,10,\n"
                   "HOT,NA,20,2\n"
                   "\n"
                   "\"ALOHA\",-2e-3,X7,3\n"
                   "NA, 4 ,10,NA\n"
                   ",5,30,1\n");
  const char *names[] = {"site", "x", "code", "y"};
  const pm_column *site, *x, *code, *y;
  pm_frame *f = NULL;
  int status = pm_frame_read_csv(&f, path, names, 4);

  if (!pm_test_ok(status == PM_SUCCESS, "mixed.csv read %s",
                  pm_error_message()))
    return;
  pm_frame_column(f, "site", &site);
  pm_frame_column(f, "x", &x);
  pm_frame_column(f, "code", &code);
  pm_frame_column(f, "y", &y);
  pm_test_ok(pm_frame_nrows(f) == 5, "5 rows, the blank line skipped");
  pm_test_ok(pm_frame_line(f, 0) == 2 && pm_frame_line(f, 1) == 3 &&
                 pm_frame_line(f, 2) == 5 && pm_frame_line(f, 4) == 7,
             "rows 1, 2 on lines 2, 3; after the blank line row 3 on line "
             "5, row 5 on line 7");
  pm_test_ok(site->nlevels == 3 && !strcmp(site->levels[0], "ALOHA") &&
                 !strcmp(site->levels[1], "BATS") &&
                 !strcmp(site->levels[2], "HOT"),
             "levels sorted, quotes removed");
  pm_test_ok(site->level[0] == 1 && site->level[1] == 2 &&
                 site->level[2] == 0 && site->level[3] == -1 &&
                 site->level[4] == -1,
             "level indices; NA and empty are -1");
  pm_test_ok(x->x && x->x[0] == 1.5 && isnan(x->x[1]) && x->x[2] == -2e-3 &&
                 x->x[3] == 4,
             "numbers, NA, exponent, blanks around a number");
  pm_test_ok(y->x && isnan(y->x[0]) && isnan(y->x[3]) && y->x[1] == 2,
             "empty cells are NAN");
  pm_test_ok(code->x == NULL && code->nlevels == 4 &&
                 !strcmp(code->levels[0], "10") &&
                 !strcmp(code->levels[3], "X7") && code->level[0] == 0 &&
                 code->level[1] == 1 && code->level[3] == 0 &&
                 code->level[4] == 2,
             "a numeric column with a text cell becomes text, earlier cells "
             "included");
  pm_frame_free(f);
}

/* The table of lines is made at the first row off consecutive lines, here
 * after the columns have grown (from 4096 rows): rows before it keep
 * theirs. */
static void lines_after_growth(void)
{
  const char *names[] = {"a"};
  char path[300];
  FILE *out;
  pm_frame *f = NULL;
  int i, status;

  snprintf(path, sizeof path, "%s/long.csv", tmpdir);
  if (!(out = fopen(path, "w"))) return;
  fputs("a\n", out);
  for (i = 0; i < 5000; i++) fprintf(out, "%d\n", i);
  fputs("\n\n", out);
  for (i = 5000; i < 5010; i++) fprintf(out, "%d\n", i);
  fclose(out);
  status = pm_frame_read_csv(&f, path, names, 1);
  if (!pm_test_ok(status == PM_SUCCESS, "long.csv read %s",
                  pm_error_message()))
    return;
  pm_test_ok(pm_frame_nrows(f) == 5010, "5010 rows (%zu)", pm_frame_nrows(f));
  pm_test_ok(pm_frame_line(f, 0) == 2 && pm_frame_line(f, 4999) == 5001 &&
                 pm_frame_line(f, 5000) == 5004 &&
                 pm_frame_line(f, 5009) == 5013,
             "rows 1 and 5000 on lines 2 and 5001; after two blank lines, "
             "rows 5001 and 5010 on lines 5004 and 5013 (%zu, %zu)",
             pm_frame_line(f, 5000), pm_frame_line(f, 5009));
  pm_test_ok(pm_frame_line(f, 5010) == 0, "no line past the last row");
  pm_frame_free(f);
}

/* pm_frame_keep: the other columns' values are freed and they read as not
 * read; the kept ones and the lines stay. */
static void keep(void)
{
  const char *names[] = {"temp", "profile_id", "volume_m3"};
  const char *kept[] = {"volume_m3", "nosuch"};
  const pm_column *c;
  pm_frame *f = NULL;
  int status = pm_frame_read_csv(
      &f, pm_test_path("tests/data/model/reference/profiles.csv"), names, 3);

  if (!pm_test_ok(status == PM_SUCCESS, "profiles.csv read %s",
                  pm_error_message()))
    return;
  pm_frame_keep(f, kept, 2);
  status = pm_frame_column(f, "temp", &c);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "'temp' was not read",
                "a numeric column not kept");
  status = pm_frame_column(f, "profile_id", &c);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "'profile_id' was not read", "a text column not kept");
  status = pm_frame_column(f, "volume_m3", &c);
  pm_test_ok(status == PM_SUCCESS && c->x[0] == 0.8864 &&
                 c->x[11999] == 0.1807,
             "the kept column's values stay");
  pm_test_ok(pm_frame_nrows(f) == 12000 && pm_frame_line(f, 11999) == 12001,
             "the rows and their lines stay");
  pm_frame_free(f);
}

static void bad_files(void)
{
  const char *names[] = {"a", "b"};
  pm_frame *f = NULL;
  int status = pm_frame_read_csv(
      &f, write_file("short.csv", "a,b\n1,2\n3\n"), names, 2);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "short.csv:3",
                "a short row names its line");
  status = pm_frame_read_csv(&f, write_file("empty.csv", ""), names, 2);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "empty",
                "an empty file");
  status = pm_frame_read_csv(&f, "/nonexistent/x.csv", names, 2);
  pm_test_ok(status != PM_SUCCESS && strstr(pm_error_message(), "x.csv"),
             "a missing file is an error naming it");
  status = pm_frame_read_csv(&f, write_file("far.csv", "alpha,beta\n1,2\n"),
                             (const char *[]){"zzzzzz"}, 1);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "no column 'zzzzzz' in the header (it has 2 columns",
                "no near column name");
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  int rc;

  snprintf(tmpdir, sizeof tmpdir, "%s/test_frame.XXXXXX", base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  profiles();
  misspelt();
  text_and_missing();
  lines_after_growth();
  keep();
  bad_files();
  rc = pm_test_done();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return rc;
}
