/* Statistics of a list of integers, as ordinary C: scanf, a growing array (realloc),
 * qsort, bsearch, 64-bit sums, math.h (sqrt, log, exp, sin, pow, atan2) and assert.
 * Input: decimal integers separated by white space (read through stdin); a token that
 * is not an integer fails an assert. Prints the statistics on stdout and commits them
 * as the public output. */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkvm.h"

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

int main(void) {
  long *v = NULL;
  size_t n = 0, cap = 0;
  long x;
  int got;
  while ((got = scanf("%ld", &x)) == 1) {
    if (n == cap) v = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
    v[n++] = x;
  }
  assert(got == EOF);   /* anything but integers and white space */
  char report[1024];
  int at = 0;
  if (n == 0) {
    at = snprintf(report, sizeof report, "no numbers\n");
  } else {
    qsort(v, n, sizeof *v, cmp_long);
    int64_t sum = 0;
    double sq = 0, logs = 0;
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
      sum += v[i];
      sq += (double)v[i] * (double)v[i];
      logs += log(1.0 + fabs((double)v[i]));
      if (i == 0 || v[i] != v[i - 1]) distinct++;
    }
    double mean = (double)sum / (double)n;
    double sd = sqrt(sq / (double)n - mean * mean);
    long key = 42;
    long *hit = bsearch(&key, v, n, sizeof *v, cmp_long);
    at += snprintf(report + at, sizeof report - at, "count %zu, distinct %zu, min %ld, max %ld, median %ld\n",
                   n, distinct, v[0], v[n - 1], v[n / 2]);
    at += snprintf(report + at, sizeof report - at, "sum %" PRId64 ", mean %.4f, sd %.4f\n", sum, mean, sd);
    at += snprintf(report + at, sizeof report - at, "geometric %.6f, exp %.6e, sin %.6f, angle %.6f, 1.5^mean %.6g\n",
                   exp(logs / (double)n) - 1.0, exp(fmin(mean / 1000.0, 50.0)), sin(mean),
                   atan2((double)v[n - 1], (double)v[0]), pow(1.5, fmod(mean, 40.0)));
    at += snprintf(report + at, sizeof report - at, "42 %s\n", hit ? "is in the list" : "is not in the list");
  }
  free(v);
  fputs(report, stdout);
  zkvm_commit(report, strlen(report));
  return 0;
}
