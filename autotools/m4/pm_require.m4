# pm_require.m4: find a library and its header, or stop and name the Debian
# package that provides them.
#
# PM_REQUIRE_LIB(NAME, HEADER, FUNCTION, LIBS, DEBIAN-PACKAGE)
#   Checks that HEADER compiles and FUNCTION links with LIBS, adds LIBS to
#   PM_DEPS_LIBS, and stops configure with an install hint when either fails.
AC_DEFUN([PM_REQUIRE_LIB], [
  pm_save_LIBS=$LIBS
  AC_CHECK_HEADER([$2], [],
    [AC_MSG_ERROR([$1 header <$2> not found. On Debian or Ubuntu: apt-get install $5])])
  LIBS="$4 $LIBS"
  AC_MSG_CHECKING([for $3 in $4])
  AC_LINK_IFELSE([AC_LANG_CALL([], [$3])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([$1 library ($4) not found. On Debian or Ubuntu: apt-get install $5])])
  LIBS=$pm_save_LIBS
  PM_DEPS_LIBS="$PM_DEPS_LIBS $4"
])

# PM_REQUIRE_PROGRAM(VARIABLE, PROGRAM, DEBIAN-PACKAGE)
#   A program the test suite needs.
AC_DEFUN([PM_REQUIRE_PROGRAM], [
  AC_PATH_PROG([$1], [$2])
  AS_IF([test -z "$$1"],
    [AC_MSG_ERROR([$2 not found. On Debian or Ubuntu: apt-get install $3])])
])
