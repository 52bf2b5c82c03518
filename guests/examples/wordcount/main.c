/* Word frequencies of a text, as ordinary C: ctype, string functions, malloc/realloc,
 * a hash table, qsort and snprintf. Input: any text (read through stdin). Prints the
 * report on stdout and commits it as the public output: the number of words, of
 * distinct words, then the ten most frequent words with their counts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkvm.h"

typedef struct {
  char *word;
  unsigned count;
} entry;

static entry *table;
static size_t table_size = 256, distinct;

static unsigned long hash(const char *s) {
  unsigned long h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

/* The slot of w: where it is, or the empty slot where it belongs (linear probing). */
static size_t slot(const char *w) {
  size_t i = hash(w) & (table_size - 1);
  while (table[i].word && strcmp(table[i].word, w) != 0) i = (i + 1) & (table_size - 1);
  return i;
}

/* Doubles the table and re-places every entry, keeping the words and counts. */
static void grow(void) {
  entry *old = table;
  size_t old_size = table_size;
  table_size *= 2;
  table = calloc(table_size, sizeof *table);
  for (size_t i = 0; i < old_size; i++) if (old[i].word) table[slot(old[i].word)] = old[i];
  free(old);
}

static void add_word(const char *w) {
  size_t i = slot(w);
  if (table[i].word) { table[i].count++; return; }
  table[i].word = strdup(w);
  table[i].count = 1;
  if (++distinct * 2 > table_size) grow();
}

static int by_count(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

int main(void) {
  table = calloc(table_size, sizeof *table);
  char *word = NULL;
  size_t len = 0, cap = 0, total = 0;
  int c;
  do {
    c = getchar();
    if (c != EOF && isalpha(c)) {
      if (len + 1 >= cap) word = realloc(word, cap = cap ? cap * 2 : 16);
      word[len++] = (char)tolower(c);
    } else if (len) {
      word[len] = 0;
      add_word(word);
      total++;
      len = 0;
    }
  } while (c != EOF);
  entry *list = malloc((distinct ? distinct : 1) * sizeof *list);
  size_t n = 0;
  for (size_t i = 0; i < table_size; i++) if (table[i].word) list[n++] = table[i];
  qsort(list, n, sizeof *list, by_count);
  char report[1024];
  int at = snprintf(report, sizeof report, "%zu words, %zu distinct\n", total, n);
  for (size_t i = 0; i < n && i < 10 && at < (int)sizeof report; i++) {
    at += snprintf(report + at, sizeof report - at, "%6u %s\n", list[i].count, list[i].word);
  }
  fputs(report, stdout);
  zkvm_commit(report, strlen(report));
  return 0;
}
