/* A calculator, as ordinary C: one integer expression per line (+ - * / % and
 * parentheses, unary minus), parsed by recursive descent, errors reported through
 * setjmp/longjmp, lines read with fgets, numbers with strtoll, text with ctype.
 * Input: the lines (read through stdin). Prints "expression = value" or
 * "expression: error" for each line and commits the printed text. Exit code: the
 * number of lines with errors (capped at 100). */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkvm.h"

static const char *at;
static jmp_buf fail;
static const char *why;
static int errors;   /* file scope: main changes it after setjmp returns */

static void error(const char *msg) {
  why = msg;
  longjmp(fail, 1);
}

static void skip(void) {
  while (isspace((unsigned char)*at)) at++;
}

static long long expr(void);

static long long atom(void) {
  skip();
  if (*at == '(') {
    at++;
    long long v = expr();
    skip();
    if (*at++ != ')') error("missing )");
    return v;
  }
  if (*at == '-') { at++; return -atom(); }
  if (!isdigit((unsigned char)*at)) error("expected a number");
  char *end;
  errno = 0;
  long long v = strtoll(at, &end, 10);
  if (errno == ERANGE) error("number too large");
  at = end;
  return v;
}

static long long term(void) {
  long long v = atom();
  for (;;) {
    skip();
    char op = *at;
    if (op != '*' && op != '/' && op != '%') return v;
    at++;
    long long r = atom();
    if (op != '*' && r == 0) error("division by zero");
    v = op == '*' ? (long long)((unsigned long long)v * (unsigned long long)r) : op == '/' ? v / r : v % r;
  }
}

static long long expr(void) {
  long long v = term();
  for (;;) {
    skip();
    char op = *at;
    if (op != '+' && op != '-') return v;
    at++;
    long long r = term();
    v = (long long)(op == '+' ? (unsigned long long)v + (unsigned long long)r : (unsigned long long)v - (unsigned long long)r);
  }
}

int main(void) {
  char line[512], out[600];

  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    if (line[strspn(line, " \t")] == 0) continue;
    at = line;
    int n;
    if (setjmp(fail) == 0) {
      long long v = expr();
      skip();
      if (*at) error("unexpected text");
      n = snprintf(out, sizeof out, "%s = %lld\n", line, v);
    } else {
      errors++;
      n = snprintf(out, sizeof out, "%s: %s\n", line, why);
    }
    fputs(out, stdout);
    zkvm_commit(out, (size_t)n < sizeof out ? (size_t)n : sizeof out - 1);
  }
  return errors > 100 ? 100 : errors;
}
