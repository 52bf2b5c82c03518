/* The C library's hooks into the zkVM (picolibc's tinystdio and stdlib):
 *   stdout, stderr  line-buffered FILEs over write(fd 1 / fd 2): debug, not committed
 *   stdin           the committed input, read sequentially from its start (it shares
 *                   the position of zkvm_read_input)
 *   _exit           flushes, then zkvm_exit (hands over the output digest)
 *   abort, assert   a panic: a message on fd 2 naming the file and line, exit code 1
 * picolibc's exit() runs the atexit handlers and destructors before calling _exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkvm.h"

typedef struct {
  FILE file;        /* first, so a FILE * is a zkvm_stream * */
  int fd;
  uint32_t len;
  char buf[128];
} zkvm_stream;

/* A raw write: zkvm_write itself drains these buffers first (zkvm_stdio_drain). */
static void stream_drain(zkvm_stream *s) {
  if (s->len) zkvm_syscall3(ZKVM_SYS_WRITE, s->fd, (long)s->buf, (long)s->len);
  s->len = 0;
}

static int stream_put(char c, FILE *f) {
  zkvm_stream *s = (zkvm_stream *)f;
  s->buf[s->len++] = c;
  if (c == '\n' || s->len == sizeof s->buf) stream_drain(s);
  return (unsigned char)c;
}

static int stream_flush(FILE *f) {
  stream_drain((zkvm_stream *)f);
  return 0;
}

static int input_get(FILE *f) {
  (void)f;
  uint8_t c;
  return zkvm_read_input(&c, 1) == 1 ? c : _FDEV_EOF;
}

static zkvm_stream zkvm_stdout = {FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE), ZKVM_FD_STDOUT, 0, {0}};
static zkvm_stream zkvm_stderr = {FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE), ZKVM_FD_STDERR, 0, {0}};
static FILE zkvm_stdin = FDEV_SETUP_STREAM(NULL, input_get, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &zkvm_stdin;
FILE *const stdout = &zkvm_stdout.file;
FILE *const stderr = &zkvm_stderr.file;

void zkvm_stdio_flush(void) {
  stream_drain(&zkvm_stdout);
  stream_drain(&zkvm_stderr);
}

void zkvm_stdio_drain(int fd) {
  if (fd == ZKVM_FD_STDOUT) stream_drain(&zkvm_stdout);
  if (fd == ZKVM_FD_STDERR) stream_drain(&zkvm_stderr);
}

void _exit(int code) {
  zkvm_exit(code);
}

void abort(void) {
  zkvm_panic("abort() called");
}

/* assert(expr) failing: "panic: assertion failed: expr (file:line, in func)". */
void __assert_func(const char *file, int line, const char *func, const char *expr) {
  char msg[256];
  snprintf(msg, sizeof msg, "assertion failed: %s (%s:%d, in %s)", expr, file, line, func ? func : "?");
  zkvm_panic(msg);
}

/* The older entry point of the same libc object; defined so that object is never
 * linked in beside this one. */
void __assert(const char *file, int line, const char *expr) {
  __assert_func(file, line, NULL, expr);
}
